/**
 * A personnel system's (人事系统) export of teachers, in GBK as Chinese Excel saves it, through the
 * shipped jwxt-teachers mapping and the real `estation central import` into central's real SQLite
 * database; and the dry run's prediction against that database, which it never writes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TeacherRecord } from '../../../shared/person-record.js';
import { encodeGbk } from '../../helpers/gbk.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'import-teachers-'));
const data = join(dir, 'central');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', 'import', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

const HEADER = '工号,姓名,英文名,性别,部门,职称,入职日期,在职状态,一卡通号';
const ROWS = [
  '20080031,周建华,ZHOU Jianhua,男,数学学院,教授,2008/7/1,在职,8000000101',
  '19900012,何丽娟,HE Lijuan,女,外国语学院,副教授,1990-09-01,退休,8000000102',
  // A new member of staff: no title yet, no English name, a department the mapping has no English for.
  '20250007,欧阳澍,,女,艺术学院,,2025年9月1日,在职,8000000103',
  '20150003,王磊,WANG Lei,男,经济学院,讲师,20150901,离职,8000000104',
  // A status the mapping does not know: reported at its row, not imported.
  '20180021,李娜,LI Na,女,经济学院,讲师,2018-09-01,借调,8000000105',
];
const exportFile = (name: string, rows: string[]) => {
  const file = join(dir, name);
  // As Excel saves a CSV in China: GBK, CRLF line ends.
  writeFileSync(file, encodeGbk([HEADER, ...rows].join('\r\n') + '\r\n'));
  return file;
};
const stored = () => {
  const db = new Database(join(data, 'central.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, json, updated_at FROM people ORDER BY id').all() as {
      id: string;
      json: string;
      updated_at: string;
    }[];
    return rows;
  } finally {
    db.close();
  }
};

describe('estation central import --mapping jwxt-teachers', () => {
  it('imports a GBK teachers export, reports the unknown status at its row, and predicts the next import in a dry run', () => {
    const file = exportFile('teachers.csv', ROWS);

    const dry = run(file, '--mapping', 'jwxt-teachers', '--data', data, '--dry-run');
    expect(dry.stdout).toContain(
      'dry run, nothing written: 4 records valid; importing would give created 4, updated 0, unchanged 0, deactivated 0, rejected 1',
    );
    expect(existsSync(data)).toBe(false);

    const first = run(file, '--mapping', 'jwxt-teachers', '--data', data);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(
      /teachers\.csv row 6, 在职状态 \(status\): "借调" is not a value the mapping knows here/,
    );
    expect(first.stdout).toContain('created 4, updated 0, unchanged 0, deactivated 0, rejected 1');
    expect(first.status).toBe(1);

    const people = new Map(stored().map((r) => [r.id, JSON.parse(r.json) as TeacherRecord]));
    expect(people.get('20080031')).toEqual({
      id: '20080031',
      cards: ['8000000101'],
      role: 'teacher',
      name: { zh: '周建华', en: 'ZHOU Jianhua' },
      gender: 'male',
      status: 'active',
      department: { zh: '数学学院', en: 'School of Mathematics' },
      title: { zh: '教授', en: 'Professor' },
      hireDate: '2008-07-01',
    });
    expect(people.get('19900012')).toMatchObject({ status: 'retired', title: { zh: '副教授' } });
    // A blank 职称 is no title, not an empty one; the date as Chinese exports write it.
    const newcomer = people.get('20250007')!;
    expect(newcomer).toMatchObject({
      name: { zh: '欧阳澍', en: '' },
      department: { zh: '艺术学院', en: '' },
      hireDate: '2025-09-01',
    });
    expect(newcomer).not.toHaveProperty('title');
    expect(people.get('20150003')).toMatchObject({ status: 'left', hireDate: '2015-09-01' });
    expect(people.has('20180021')).toBe(false);

    // Next month's export: one promoted, one added, one gone. The dry run predicts it and writes nothing.
    const before = stored();
    const next = exportFile('teachers-next.csv', [
      ROWS[0]!,
      ROWS[1]!,
      ROWS[2]!.replace(',艺术学院,,', ',艺术学院,助教,'),
      '20260001,张岩,ZHANG Yan,男,数学学院,讲师,2026-09-01,在职,8000000106',
    ]);
    const predicted = run(
      next,
      '--mapping',
      'jwxt-teachers',
      '--data',
      data,
      '--dry-run',
      '--deactivate-missing',
      '--json',
    );
    expect(predicted.status).toBe(0);
    expect(JSON.parse(predicted.stdout)).toMatchObject({
      dryRun: true,
      created: 1,
      updated: 1,
      unchanged: 2,
      deactivated: 1,
      rejected: 0,
      valid: 4,
    });
    expect(stored()).toEqual(before);
    const real = run(next, '--mapping', 'jwxt-teachers', '--data', data, '--deactivate-missing');
    expect(real.stdout).toBe('created 1, updated 1, unchanged 2, deactivated 1, rejected 0\n');
  });
});
