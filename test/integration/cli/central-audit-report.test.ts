/**
 * `estation central audit` and `estation central report` through bin/estation on a real central folder
 * (issue #18): the enrollment the CLI made is in the audit with who ran it; filters, formats and files;
 * a month is the institution's (a document authorized at 07:30 in Beijing on 1 March is March's); --out
 * is written for its owner only and never over an existing file.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { runEstation } from '../../helpers/run-estation.js';
import { printedAtCentral } from '../../helpers/authorized-job.js';

const data = mkdtempSync(join(tmpdir(), 'estation-audit-cli-'));
const out = mkdtempSync(join(tmpdir(), 'estation-audit-out-'));

beforeAll(async () => {
  expect((await runEstation(['central', 'enroll', 'lib-1', '--site', 'qianfoshan/library', '--data', data])).code).toBe(
    0,
  );
  const store = await SqliteCentralStore.open(join(data, 'central.sqlite'), {
    now: () => new Date('2026-02-28T23:30:00Z'),
  });
  try {
    const people = demoPeople();
    await store.seed(people);
    const student = people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    await printedAtCentral(
      store,
      'lib-1',
      { jobId: 'j1', personId: student.id, kind: 'enrollment', language: 'en', copies: 2 },
      { pages: 1, finishedAt: '2026-02-28T23:31:00Z' },
    );
  } finally {
    await store.close();
  }
}, 60_000);

describe('estation central audit', () => {
  it('lists the enrollment with the account that ran it, as a table, JSON and CSV', async () => {
    const table = await runEstation(['central', 'audit', '--data', data]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/station\.enrolled\s+done\s+lib-1\s+qianfoshan\/library/);
    expect(table.out).toContain(`os:${userInfo().username}`);
    const json = await runEstation(['central', 'audit', '--action', 'station.', '--format', 'json', '--data', data]);
    expect(JSON.parse(json.out)).toMatchObject({
      total: 1,
      rows: [{ action: 'station.enrolled', terminalId: 'lib-1' }],
    });
    const none = await runEstation(['central', 'audit', '--action', 'template.', '--format', 'json', '--data', data]);
    expect(JSON.parse(none.out)).toEqual({ total: 0, rows: [] });
    const csv = await runEstation(['central', 'audit', '--station', 'lib-1', '--format', 'csv', '--data', data]);
    expect(csv.out.startsWith('\uFEFFTime (Asia/Shanghai),Actor,Action')).toBe(true);
  });

  it('refuses what it does not understand, and says how to ask', async () => {
    const action = await runEstation(['central', 'audit', '--action', 'everything', '--data', data]);
    expect(action.code).not.toBe(0);
    expect(action.err).toContain('--action needs an action such as staff.sign_in');
    const date = await runEstation(['central', 'audit', '--from', '1 March', '--data', data]);
    expect(date.err).toContain('--from needs a date as YYYY-MM-DD');
    const xlsx = await runEstation(['central', 'audit', '--format', 'xlsx', '--data', data]);
    expect(xlsx.err).toContain('--format xlsx needs --out FILE.xlsx');
    const format = await runEstation(['central', 'audit', '--format', 'pdf', '--data', data]);
    expect(format.err).toContain('--format pdf: choose one of table, csv, xlsx, json');
  });
});

describe('estation central report', () => {
  it('counts a document authorized at 07:30 in Beijing on 1 March in March, not February', async () => {
    const march = await runEstation(['central', 'report', '--month', '2026-03', '--format', 'csv', '--data', data]);
    expect(march.code).toBe(0);
    expect(march.out).toMatch(/^qianfoshan\/library,lib-1,enrollment,.*,en,1,2,1$/m);
    const feb = await runEstation(['central', 'report', '--month', '2026-02', '--data', data]);
    expect(feb.out).toContain('Documents printed: none');
    expect((await runEstation(['central', 'report', '--month', '2026-3', '--data', data])).err).toContain(
      '"2026-3" is not a month: give it as YYYY-MM',
    );
    expect(
      (
        await runEstation([
          'central',
          'report',
          '--month',
          '2026-03',
          '--site',
          'hongjialou',
          '--format',
          'csv',
          '--data',
          data,
        ])
      ).out,
    ).not.toContain('lib-1');
  });

  it('writes XLSX to --out for its owner only, and never over an existing file', async () => {
    const file = join(out, 'march.xlsx');
    const args = ['central', 'report', '--month', '2026-03', '--format', 'xlsx', '--out', file, '--data', data];
    const first = await runEstation(args);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`written to ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets[0]!.getRow(2).getCell(2).value).toBe('lib-1');
    expect(book.worksheets[0]!.getRow(2).getCell(6).value).toBe(1);
    const again = await runEstation(args);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('exists already: give a new file name (nothing was overwritten)');
  });
});
