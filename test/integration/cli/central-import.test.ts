/**
 * `estation central import` as an admin runs it: real files, the real command, central's real
 * SQLite database. Needs the people store of issue #13 (SqliteCentralStore as a PeopleSink).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLE = join(ROOT, 'test/fixtures/jwxt-export');
const MAPS = ['--mapping', 'central/import/mappings/jwxt-students.json'];
// The grades mapping by its shipped name, the students mapping by its path: both ways work.
const GRADE_MAPS = ['--grades-mapping', 'jwxt-grades'];
const CLI = [join(ROOT, 'bin', 'estation'), 'central', 'import'];
const run = (...args: string[]) =>
  spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));
const sample = (data: string, ...more: string[]) =>
  run(
    join(SAMPLE, 'students.csv'),
    '--grades',
    join(SAMPLE, 'grades.csv'),
    ...MAPS,
    ...GRADE_MAPS,
    '--data',
    data,
    ...more,
  );

describe('estation central import', () => {
  it('imports the GBK sample export with the shipped mappings; a second import changes nothing', () => {
    const data = tmp('import-sample');
    const first = sample(data);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('created 60, updated 0, unchanged 0, deactivated 0, rejected 0\n');
    expect(first.status).toBe(0);
    const second = sample(data);
    expect(second.stdout).toBe('created 0, updated 0, unchanged 60, deactivated 0, rejected 0\n');
    expect(second.status).toBe(0);
    // Nothing left to resume.
    expect(readdirSync(join(data, 'import-checkpoints'))).toEqual([]);
  });

  it('--dry-run reports and writes nothing, not even a database', () => {
    const data = tmp('import-dry');
    const r = sample(data, '--dry-run');
    expect(r.stdout).toBe(
      'dry run, nothing written: 60 records valid; importing would give created 60, updated 0, unchanged 0, deactivated 0, rejected 0\n',
    );
    expect(r.status).toBe(0);
    expect(readdirSync(data)).toEqual([]);
  });

  it('a GBK file forced as UTF-8 is refused with the row and the fix; nothing is imported', () => {
    const data = tmp('import-utf8');
    const r = run(join(SAMPLE, 'students.csv'), ...MAPS, '--data', data, '--encoding', 'utf-8');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/students\.csv row 1: this row is not UTF-8.*looks like GBK.*--encoding gbk/);
    expect(r.stdout).toBe('');
    expect(readdirSync(data)).toEqual([]);
    expect(sample(data).stdout).toBe('created 60, updated 0, unchanged 0, deactivated 0, rejected 0\n');
  });

  it('broken rows are reported (--json) and skipped; the rest are imported; exit code 1', () => {
    const data = tmp('import-broken');
    const file = join(data, '..', `${data.split('/').pop()}.csv`);
    writeFileSync(
      file,
      [
        'id,name.zh,role,status,college.zh,entryDate,cards',
        '2023000001,张三,student,enrolled,经济学院,2023-09-01,1000000001',
        ',李四,student,enrolled,经济学院,2023-09-01,1000000002',
        '2023000003,王五,student,enrolled,经济学院,2023-09-31,1000000003',
      ].join('\n'),
    );
    const r = run(file, '--data', data, '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as {
      created: number;
      rejected: number;
      problems: { row: number; field: string }[];
    };
    expect(report).toMatchObject({ created: 1, rejected: 2 });
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'id'],
      [4, 'entryDate'],
    ]);
  });

  it('imports XLSX and JSON Lines files', async () => {
    const dir = tmp('import-formats');
    const data = join(dir, 'data');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学生名单');
    ws.addRow(['学号', '姓名', '性别', '学院', '专业', '学制', '入学日期', '学籍状态', '培养层次', '校园卡号']);
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
    ws.addRow(['2024000002', '李四', '男', '经济学院', '金融学', 4, '2024/9/1', '休学', '本科', '3012345679']);
    const xlsx = join(dir, 'students.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect(run(xlsx, ...MAPS, '--data', data).stdout).toBe(
      'created 2, updated 0, unchanged 0, deactivated 0, rejected 0\n',
    );

    // The same people as canonical records, one changed: the XLSX row's record is updated, not duplicated.
    const jsonl = join(dir, 'people.jsonl');
    const teacher = {
      id: 'T1001',
      role: 'teacher',
      name: { zh: '王老师' },
      status: 'active',
      department: { zh: '经济学院' },
    };
    const student = {
      id: '2024000002',
      cards: ['3012345679'],
      role: 'student',
      name: { zh: '李四' },
      gender: 'male',
      status: 'enrolled',
      college: { zh: '经济学院', en: 'School of Economics' },
      major: { zh: '金融学', en: 'Finance' },
      programYears: 4,
      entryDate: '2024-09-01',
    };
    writeFileSync(jsonl, `${JSON.stringify(student)}\n${JSON.stringify(teacher)}\n`);
    expect(run(jsonl, '--data', data).stdout).toBe('created 1, updated 1, unchanged 0, deactivated 0, rejected 0\n');
  });

  it('--deactivate-missing deactivates who the file leaves out, and refuses when ids are uncertain', () => {
    const dir = tmp('import-deactivate');
    const students = (file: string, ...more: string[]) => run(file, ...MAPS, '--data', join(dir, 'data'), ...more);
    const all = join(SAMPLE, 'students.csv');
    expect(students(all).stdout).toBe('created 60, updated 0, unchanged 0, deactivated 0, rejected 0\n');
    // The sample without its last student, and the same with that student's id left empty.
    const rows = new TextDecoder('gb18030').decode(readFileSync(all)).trimEnd().split('\r\n');
    const fewer = join(dir, 'fewer.csv');
    writeFileSync(fewer, rows.slice(0, -1).join('\n'));
    const holes = join(dir, 'holes.csv');
    writeFileSync(holes, [...rows.slice(0, -1), rows.at(-1)!.replace(/^\d+/, '')].join('\n'));

    const refused = students(holes, '--deactivate-missing');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/not applied: some rows of holes\.csv have no valid id/);
    expect(refused.stdout).toMatch(/\ncreated 0, updated 0, unchanged 59, deactivated 0, rejected 1\n$/);

    const r = students(fewer, '--deactivate-missing');
    expect(r.stdout).toBe('created 0, updated 0, unchanged 59, deactivated 1, rejected 0\n');
    expect(r.status).toBe(0);
    // In the file again, the student is active again.
    expect(students(all).stdout).toBe('created 0, updated 1, unchanged 59, deactivated 0, rejected 0\n');
  });

  it('resumes after a kill: the re-run continues and the final database is as if nothing happened', async () => {
    const dir = tmp('import-kill');
    const file = join(dir, 'students.csv');
    const header = 'id,name.zh,role,status,college.zh,entryDate,cards';
    const rows = Array.from(
      { length: 30_000 },
      (_, i) =>
        `2023${String(i).padStart(6, '0')},学生${i},student,enrolled,经济学院,2023-09-01,7${String(i).padStart(9, '0')}`,
    );
    writeFileSync(file, [header, ...rows].join('\n'));
    const data = join(dir, 'data');
    const checkpoints = join(data, 'import-checkpoints');

    const child = spawn(process.execPath, [...CLI, file, '--data', data], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    // Killed as soon as the first batches are committed (the checkpoint says so).
    for (;;) {
      if (existsSync(checkpoints) && readdirSync(checkpoints).some((f) => f.endsWith('.json'))) break;
      if (child.exitCode !== null) throw new Error(`the import ended before its first checkpoint: ${err || out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).toBe('');

    const resumed = run(file, '--data', data);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/^resumed an interrupted import of the same files after row \d+\n/);
    expect(resumed.stdout).toMatch(/created \d+, updated 0, unchanged 0, deactivated 0, rejected 0\n$/);
    // Every record is there exactly as the file has it.
    expect(run(file, '--data', data).stdout).toBe('created 0, updated 0, unchanged 30000, deactivated 0, rejected 0\n');
  });
});
