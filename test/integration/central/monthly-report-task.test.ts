/**
 * Scheduled monthly reports (`estation central --reports-dir DIR`, issue #18): once the month turns in the
 * institution's timezone, the month before is written as CSV and XLSX, for central's account only; a file
 * already there is never written again (a second turn, or a second instance, writes nothing).
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { MonthlyReportTask } from '../../../central/reports/monthly-task.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { printedAtCentral } from '../../helpers/authorized-job.js';

const dir = mkdtempSync(join(tmpdir(), 'estation-monthly-task-'));
const clock = { now: Date.parse('2026-02-28T23:30:00Z') }; // 07:30 on 1 March in Beijing
let store: SqliteCentralStore;

afterAll(async () => {
  await store?.close();
});

describe('the scheduled monthly report', () => {
  it('writes February once March has begun in Beijing, and never writes a file twice', async () => {
    store = await SqliteCentralStore.open(join(dir, 'central.sqlite'), { now: () => new Date(clock.now) });
    const people = demoPeople();
    await store.seed(people);
    await store.enrollTerminal('lib-1', 'Library', 'central', 'qianfoshan/library');
    const student = people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    clock.now = Date.parse('2026-02-10T02:00:00Z');
    await printedAtCentral(
      store,
      'lib-1',
      { jobId: 'j1', personId: student.id, kind: 'enrollment', language: 'zh', copies: 1 },
      { pages: 3, finishedAt: '2026-02-10T02:01:00Z' },
    );

    const out = join(dir, 'reports');
    const at = { now: Date.parse('2026-02-28T15:59:00Z') }; // 23:59 on 28 February in Beijing: January is last month
    const errors: string[] = [];
    const task = new MonthlyReportTask({
      store,
      dir: out,
      now: () => new Date(at.now),
      onError: (m) => errors.push(m),
    });
    expect(await task.run()).toEqual([join(out, 'report-2026-01.csv'), join(out, 'report-2026-01.xlsx')]);
    at.now = Date.parse('2026-02-28T16:00:00Z'); // 00:00 on 1 March in Beijing: February's last jobs may still report
    expect(await task.run()).toEqual([]);
    at.now = Date.parse('2026-02-28T22:00:00Z'); // 06:00 on 1 March in Beijing
    const written = await task.run();
    expect(written).toEqual([join(out, 'report-2026-02.csv'), join(out, 'report-2026-02.xlsx')]);
    expect(errors).toEqual([]);
    for (const f of written) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(written[0]!, 'utf8')).toMatch(/^qianfoshan\/library,lib-1,enrollment,.*,zh,1,1,3$/m);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(written[1]!);
    expect(book.worksheets[0]!.getRow(2).getCell(2).value).toBe('lib-1');

    // A later turn writes nothing; a file someone left there is kept as it is, the missing one is written.
    expect(await task.run()).toEqual([]);
    at.now = Date.parse('2026-03-31T22:00:00Z');
    writeFileSync(join(out, 'report-2026-03.csv'), 'kept');
    expect(await task.run()).toEqual([join(out, 'report-2026-03.xlsx')]);
    expect(readFileSync(join(out, 'report-2026-03.csv'), 'utf8')).toBe('kept');
    expect(readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
