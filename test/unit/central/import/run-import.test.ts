/**
 * The import against an in-memory PeopleSink (test/helpers/memory-people-sink.ts): the real sample
 * export with the shipped mappings, broken rows, idempotence, dry run, XLSX, JSON Lines, batches,
 * deactivation and resumption after an interruption.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../../shared/person-record.js';
import { reportLines } from '../../../../central/import/report.js';
import { runImport, type ImportOptions } from '../../../../central/import/run-import.js';
import { formatProblem } from '../../../../central/import/problems.js';
import { MemoryPeopleSink } from '../../../helpers/memory-people-sink.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const SAMPLE = join(ROOT, 'test/fixtures/jwxt-export');
const STUDENTS_MAP = join(ROOT, 'central/import/mappings/jwxt-students.json');
const GRADES_MAP = join(ROOT, 'central/import/mappings/jwxt-grades.json');
const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

const HEADER = '学号,姓名,性别,学院,专业,学制,入学日期,学籍状态,培养层次,校园卡号';
const student = (id: string, card: string, over: Partial<Record<'date' | 'status' | 'name', string>> = {}) =>
  `${id},${over.name ?? '学生' + id.slice(-2)},男,经济学院,金融学,4,${over.date ?? '2023-09-01'},${over.status ?? '在读'},本科,${card}`;
const GRADES_HEADER = '学号,学年学期,课程代码,课程名称,学分,成绩,课程性质,考试性质';
const grade = (id: string, code: string, score = '85', kind = '正常考试') =>
  `${id},2023-2024-1,${code},线性代数,3,${score},必修,${kind}`;

const jwxt = (file: string, grades?: string): ImportOptions => ({
  file,
  mapping: STUDENTS_MAP,
  ...(grades ? { grades, gradesMapping: GRADES_MAP } : {}),
});

describe('central import into a PeopleSink', () => {
  it('imports the real GBK sample export with the shipped mappings, then again changes nothing', async () => {
    const sink = new MemoryPeopleSink();
    const opts = jwxt(join(SAMPLE, 'students.csv'), join(SAMPLE, 'grades.csv'));
    const first = await runImport(sink, opts);
    expect(first.problems).toEqual([]);
    expect(reportLines(first)).toEqual(['created 60, updated 0, unchanged 0, deactivated 0, rejected 0']);
    const p = sink.people.get('2023600000')!.record as Extract<PersonRecord, { role: 'student' }>;
    expect(p).toMatchObject({
      name: { zh: '欧阳欣怡' },
      status: 'enrolled',
      cards: ['3503055453'],
      entryDate: '2023-09-01',
    });
    expect(p.courses[0]).toEqual({
      term: '2023-2024-1',
      code: 'GE3001',
      name: { zh: '音乐鉴赏', en: 'Music Appreciation' },
      credits: 1,
      score: '及格',
      type: 'public-elective',
      retake: false,
      makeUp: false,
    });
    // Every one of the 1530 grade rows went to its student.
    const courses = [...sink.people.values()].reduce(
      (n, x) => n + (x.record.role === 'student' ? x.record.courses.length : 0),
      0,
    );
    expect(courses).toBe(1530);
    const statuses = new Set([...sink.people.values()].map((x) => x.record.status));
    expect(statuses).toEqual(new Set(['enrolled', 'suspended', 'withdrawn', 'completed']));

    const second = await runImport(sink, opts);
    expect(reportLines(second)).toEqual(['created 0, updated 0, unchanged 60, deactivated 0, rejected 0']);
  });

  it('reports broken rows by file, row, column and field, and imports the rest', async () => {
    const students = write(
      'broken.csv',
      [
        HEADER,
        student('2023000001', '1000000001'),
        student('', '1000000002'), // row 3: no id
        student('2023000003', '1000000001'), // row 4: the card of row 2
        student('2023000004', '1000000004', { date: '2023-02-30' }), // row 5
        student('2023000005', '1000000005', { status: '在籍' }), // row 6
        student('2023000001', '1000000006'), // row 7: id of row 2 again
        student('2023000008', '1000000008'), // row 8: a wrong grade below
        student('2023000009', '1000000009'),
      ].join('\r\n'),
    );
    const grades = write(
      'grades.csv',
      [
        GRADES_HEADER,
        grade('2023000001', 'MA2001'),
        grade('2099999999', 'MA2001'), // row 3: nobody
        grade('2099999999', 'MA2002'),
        grade('2023000008', 'MA2001', '120'), // row 5
      ].join('\n'),
    );
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, jwxt(students, grades));
    const lines = report.problems.map(formatProblem);
    expect(lines).toEqual([
      'broken.csv row 3, 学号 (id): is empty, and every record needs it',
      'broken.csv row 4, cards: card 1000000001 is also on row 2 (2023000001); a card belongs to one person',
      'broken.csv row 5, 入学日期 (entryDate): this day does not exist in the calendar',
      expect.stringMatching(
        /^broken\.csv row 6, 学籍状态 \(status\): "在籍" is not a value the mapping knows here \(it knows "在读"/,
      ),
      'broken.csv row 7, id: id 2023000001 is already on row 2; each person has one row',
      'grades.csv row 5, 成绩 (score): score 120 is outside 0 to 100',
      'broken.csv row 8: not imported: grades.csv row 5 of this student is wrong (see there), and a transcript must not miss a course',
      expect.stringMatching(
        /^grades\.csv row 3: student 2099999999 is not in broken\.csv, so these 2 grades \(rows 3, 4\) were not imported/,
      ),
    ]);
    expect(report.rejected).toBe(6);
    expect(report.created).toBe(2);
    expect([...sink.people.keys()].sort()).toEqual(['2023000001', '2023000009']);
    expect((sink.people.get('2023000001')!.record as { courses: unknown[] }).courses).toHaveLength(1);
  });

  it('a file that is not there, or not a kind it reads, is refused with what to do', async () => {
    await expect(runImport(undefined, { file: join(dir, 'nope.csv'), dryRun: true })).rejects.toThrow(
      /nope\.csv: there is no such file/,
    );
    await expect(runImport(undefined, { file: write('old.xls', 'x'), dryRun: true })).rejects.toThrow(
      /old\.xls: old Excel files \(\.xls\) cannot be read: save the sheet as \.xlsx or as CSV/,
    );
  });

  it('a GBK file forced as UTF-8 is refused whole, never imported as mojibake', async () => {
    const sink = new MemoryPeopleSink();
    await expect(runImport(sink, { ...jwxt(join(SAMPLE, 'students.csv')), encoding: 'utf-8' })).rejects.toThrow(
      /students\.csv row 1: this row is not UTF-8.*looks like GBK.*--encoding gbk/,
    );
    expect(sink.calls).toEqual([]);
  });

  it('a dry run reports the same problems and writes nothing', async () => {
    const students = write(
      'dry.csv',
      [HEADER, student('2023000001', '1000000001'), student('', '1000000002')].join('\n'),
    );
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, { ...jwxt(students), dryRun: true, deactivateMissing: true });
    expect(sink.calls).toEqual([]);
    expect(report.problems.map(formatProblem)).toEqual([
      'dry.csv row 3, 学号 (id): is empty, and every record needs it',
    ]);
    expect(reportLines(report).at(-1)).toBe(
      'dry run, nothing written: 1 records valid; importing would give created 1, updated 0, unchanged 0, deactivated 0, rejected 1',
    );
    // It says beforehand that --deactivate-missing would be refused; a clean file would not be.
    expect(report.deactivationRefused).toMatch(/not applied: some rows of dry\.csv have no valid id/);
    const clean = write('clean.csv', [HEADER, student('2023000001', '1000000001')].join('\n'));
    const ok = await runImport(undefined, { ...jwxt(clean), dryRun: true, deactivateMissing: true });
    expect(reportLines(ok)).toEqual([
      'dry run, nothing written: 1 records valid; importing would give created 1, updated 0, unchanged 0, deactivated 0, rejected 0',
    ]);
  });

  it('a dry run predicts created, updated, unchanged, rejected and deactivated from what is stored, writing nothing', async () => {
    const sink = new MemoryPeopleSink();
    const before = write(
      'before.csv',
      [
        HEADER,
        student('2023000001', '1000000001'),
        student('2023000002', '1000000002'),
        student('2023000003', '1000000003'),
      ].join('\n'),
    );
    await runImport(sink, jwxt(before));
    const stored = structuredClone([...sink.people]);
    const calls = sink.calls.length;
    const after = write(
      'after.csv',
      [
        HEADER,
        student('2023000001', '1000000001'),
        student('2023000002', '1000000002', { name: '改名' }),
        student('2023000004', '1000000004'),
        // The card of 2023000003, who is still active when the records are upserted: refused.
        student('2023000005', '1000000003'),
      ].join('\n'),
    );
    const opts = { ...jwxt(after), deactivateMissing: true };
    const dry = await runImport(undefined, { ...opts, dryRun: true, preview: sink });
    expect(dry).toMatchObject({ created: 1, updated: 1, unchanged: 1, deactivated: 1, rejected: 1, valid: 4 });
    expect(dry.problems.map(formatProblem)).toEqual(['after.csv row 5: card 1000000003 belongs to 2023000003']);
    expect(reportLines(dry).at(-1)).toBe(
      'dry run, nothing written: 4 records valid; importing would give created 1, updated 1, unchanged 1, deactivated 1, rejected 1',
    );
    expect(sink.calls.length).toBe(calls);
    expect([...sink.people]).toEqual(stored);
    // The import itself then answers what was predicted.
    const real = await runImport(sink, opts);
    expect(real).toMatchObject({ created: 1, updated: 1, unchanged: 1, deactivated: 1, rejected: 1 });
  });

  it('sends bounded batches, one sink call (transaction) each', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      student(`2023${String(i).padStart(6, '0')}`, `9${String(i).padStart(9, '0')}`),
    );
    const students = write('many.csv', [HEADER, ...rows].join('\n'));
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, jwxt(students));
    expect(sink.calls).toEqual([500, 500, 200]);
    expect(report.created).toBe(1200);
  });

  it('a file that turns unreadable halfway says so, and that the batches before it were imported', async () => {
    const rows = Array.from({ length: 600 }, (_, i) =>
      student(`2023${String(i).padStart(6, '0')}`, `9${String(i).padStart(9, '0')}`),
    );
    const students = write('unclosed.csv', [HEADER, ...rows, '"2024000001,张三'].join('\n'));
    const sink = new MemoryPeopleSink();
    await expect(runImport(sink, jwxt(students))).rejects.toThrow(
      /unclosed\.csv row 602: not readable as CSV: .*Quote Not Closed.* \(the 500 records before it were imported; correct the file and import it again\)/,
    );
    expect(sink.people.size).toBe(500);
  });

  it('reads short rows, long rows and empty lines of a CSV as Excel shows them', async () => {
    const file = write(
      'ragged.csv',
      [
        'id,name.zh,role,status,college.zh,entryDate',
        '2023000001,张三,student,enrolled,经济学院,2023-09-01',
        '',
        '2023000002,李四,student,enrolled',
        '2023000003,王五,student,enrolled,经济学院,2023-09-01,extra',
      ].join('\n'),
    );
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, { file });
    expect(report.problems.map(formatProblem)).toEqual([
      'ragged.csv row 4, college.zh: is empty, and every record needs it',
      'ragged.csv row 4, entryDate: is empty, and every record needs it',
    ]);
    expect([...sink.people.keys()]).toEqual(['2023000001', '2023000003']);
  });

  it('reports what the sink refuses (a card another person holds) at its row', async () => {
    const sink = new MemoryPeopleSink();
    await runImport(sink, jwxt(write('a.csv', [HEADER, student('2023000001', '1000000001')].join('\n'))));
    const report = await runImport(
      sink,
      jwxt(write('b.csv', [HEADER, student('2023000002', '1000000001')].join('\n'))),
    );
    expect(report.problems.map(formatProblem)).toEqual(['b.csv row 2: card 1000000001 belongs to 2023000001']);
    expect(reportLines(report).at(-1)).toBe('created 0, updated 0, unchanged 0, deactivated 0, rejected 1');
  });

  it('--deactivate-missing deactivates who the file leaves out, and refuses when ids are uncertain', async () => {
    const sink = new MemoryPeopleSink();
    const all = [student('2023000001', '1000000001'), student('2023000002', '1000000002')];
    await runImport(sink, jwxt(write('full.csv', [HEADER, ...all].join('\n'))));
    const uncertain = await runImport(sink, {
      ...jwxt(write('holes.csv', [HEADER, all[0], student('', '1000000003')].join('\n'))),
      deactivateMissing: true,
    });
    expect(uncertain.deactivated).toBe(0);
    expect(uncertain.deactivationRefused).toMatch(/not applied: some rows of holes\.csv have no valid id/);
    expect(sink.people.get('2023000002')!.active).toBe(true);

    const report = await runImport(sink, {
      ...jwxt(write('one.csv', [HEADER, all[0]].join('\n'))),
      deactivateMissing: true,
    });
    expect(reportLines(report)).toEqual(['created 0, updated 0, unchanged 1, deactivated 1, rejected 0']);
    expect(sink.people.get('2023000002')!.active).toBe(false);
    // Back in the file: active again.
    const back = await runImport(sink, jwxt(write('full2.csv', [HEADER, ...all].join('\n'))));
    expect(back.updated).toBe(1);
    expect(sink.people.get('2023000002')!.active).toBe(true);
  });

  it('reads XLSX (Chinese headers, a date cell, numbers) through the same mapping', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学生');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      '2024000001',
      '欧阳䶮',
      '女',
      '经济学院',
      '金融学',
      4,
      new Date(Date.UTC(2024, 8, 1)),
      '在读',
      '本科',
      3012345678,
    ]);
    ws.addRow([]);
    ws.addRow(['2024000002', '李四', '男', '经济学院', '金融学', 4, '2024-02-30', '在读', '本科', '3012345679']);
    const file = join(dir, 'students.xlsx');
    await wb.xlsx.writeFile(file);
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, jwxt(file));
    expect(report.problems.map(formatProblem)).toEqual([
      'students.xlsx row 4, 入学日期 (entryDate): this day does not exist in the calendar',
    ]);
    expect(sink.people.get('2024000001')!.record).toMatchObject({
      name: { zh: '欧阳䶮' },
      gender: 'female',
      entryDate: '2024-09-01',
      programYears: 4,
      cards: ['3012345678'],
    });
  });

  it('reads JSON Lines canonical records, reporting a line that is not JSON or not a valid record', async () => {
    const rec = {
      id: '2023010001',
      cards: ['3012345678'],
      role: 'student',
      name: { zh: '欧阳䶮', en: 'OUYANG Yan' },
      status: 'enrolled',
      college: { zh: '数学学院', en: 'School of Mathematics' },
      entryDate: '2023-09-01',
      courses: [{ term: '2023-2024-1', code: 'MATH1001', name: { zh: '数学分析(一)' }, credits: 5, score: '92' }],
    };
    const file = write(
      'people.jsonl',
      [
        JSON.stringify(rec),
        '',
        '{"id": ',
        JSON.stringify({ ...rec, id: '2023010002', cards: [], status: 'expelled' }),
      ].join('\n'),
    );
    const sink = new MemoryPeopleSink();
    const report = await runImport(sink, { file });
    expect(report.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^people\.jsonl row 3: this line is not JSON/),
      expect.stringMatching(/^people\.jsonl row 4, status: Invalid option/),
    ]);
    expect(sink.people.get('2023010001')!.record).toMatchObject({ courses: [{ score: 92, type: 'required' }] });
    await expect(runImport(sink, { file, mapping: STUDENTS_MAP })).rejects.toThrow(/takes no --mapping/);
  });

  it('resumes an interrupted import from its checkpoint: same final state, committed batches not sent again', async () => {
    const rows = Array.from({ length: 1300 }, (_, i) =>
      student(`2023${String(i).padStart(6, '0')}`, `8${String(i).padStart(9, '0')}`),
    );
    const students = write('resume.csv', [HEADER, ...rows].join('\n'));
    const data = mkdtempSync(join(tmpdir(), 'import-data-'));

    const straight = new MemoryPeopleSink();
    await runImport(straight, { ...jwxt(students), checkpointDir: data });

    // A sink whose process "dies" in the third batch, after two have been committed.
    const sink = new MemoryPeopleSink();
    const upsert = sink.upsertPeople.bind(sink);
    sink.upsertPeople = async (records) => {
      if (sink.calls.length === 2) throw new Error('killed');
      return upsert(records);
    };
    await expect(runImport(sink, { ...jwxt(students), checkpointDir: data })).rejects.toThrow('killed');
    expect(sink.people.size).toBe(1000);

    sink.upsertPeople = upsert;
    const resumed = await runImport(sink, { ...jwxt(students), checkpointDir: data });
    expect(resumed.resumedAfterRow).toBe(1001);
    expect(sink.calls.slice(2)).toEqual([300]);
    expect(reportLines(resumed).at(-1)).toBe('created 1300, updated 0, unchanged 0, deactivated 0, rejected 0');
    expect(sink.people).toEqual(straight.people);

    // Completed: the next run starts afresh.
    const again = await runImport(sink, { ...jwxt(students), checkpointDir: data });
    expect(again.resumedAfterRow).toBeUndefined();
    expect(again.unchanged).toBe(1300);
  });
});
