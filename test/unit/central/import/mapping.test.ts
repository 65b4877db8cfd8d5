/** Mapping files: validated when loaded, columns found by name (any vendor's), values mapped, cells converted. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoundMapping, loadMapping, normalizeDate } from '../../../../central/import/mapping.js';
import { mappingPath } from '../../../../central/import/shipped-mappings.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const MAPPINGS = join(ROOT, 'central/import/mappings');
const dir = mkdtempSync(join(tmpdir(), 'mapping-test-'));
const mappingFile = (m: unknown) => {
  const f = join(dir, `m${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(m));
  return f;
};
/** A row of a file with the given header, its cells named. */
const row = (header: string[], cells: Record<string, string>, n = 2) => ({
  row: n,
  values: header.map((h) => cells[h] ?? ''),
});

describe('mapping files', () => {
  it('the shipped mappings load', () => {
    expect(loadMapping(join(MAPPINGS, 'jwxt-students.json'), 'people').constants).toEqual({ role: 'student' });
    expect(loadMapping(join(MAPPINGS, 'jwxt-grades.json'), 'grades').kind).toBe('grades');
    expect(loadMapping(join(MAPPINGS, 'jwxt-teachers.json'), 'people').constants).toEqual({ role: 'teacher' });
  });

  it('refuses a field that is not canonical, naming the known ones', () => {
    const f = mappingFile({ kind: 'people', fields: { id: '学号', birthday: '出生日期' } });
    expect(() => loadMapping(f, 'people')).toThrow(
      /fields\.birthday: "birthday" is not a canonical field of people \(id, cards/,
    );
  });

  it('refuses a mapping without id, one of the wrong kind, a field both constant and column, and bad JSON', () => {
    expect(() => loadMapping(mappingFile({ kind: 'people', fields: { 'name.zh': '姓名' } }), 'people')).toThrow(
      /needs the column that holds "id"/,
    );
    expect(() => loadMapping(join(MAPPINGS, 'jwxt-grades.json'), 'people')).toThrow(/mapping for grades files/);
    expect(() =>
      loadMapping(
        mappingFile({ kind: 'people', constants: { role: 'student' }, fields: { id: 'a', role: 'b' } }),
        'people',
      ),
    ).toThrow(/"role" is both a constant and a column/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "kind": ');
    expect(() => loadMapping(bad, 'people')).toThrow(/not a readable JSON mapping/);
  });

  it('finds a column under a vendor’s other name (pinyin initials) and says which is missing', () => {
    const m = loadMapping(join(MAPPINGS, 'jwxt-students.json'), 'people');
    const header = ['XH', 'XM', 'XB', 'XYMC', 'ZYMC', 'XZ', 'RXRQ', 'XJZT', 'PYCC'];
    const bound = BoundMapping.bind(m, 'pinyin.csv', header);
    const out = bound.apply(
      row(header, {
        XH: '2023001',
        XM: '张三',
        XB: '女',
        XYMC: '经济学院',
        ZYMC: '金融学',
        XZ: '4',
        RXRQ: '2023/9/1',
        XJZT: '休学',
        PYCC: '本科',
      }),
    );
    expect(out.problems).toEqual([]);
    expect(out.value).toEqual({
      role: 'student',
      id: '2023001',
      name: { zh: '张三' },
      gender: 'female',
      college: { zh: '经济学院', en: 'School of Economics' },
      major: { zh: '金融学', en: 'Finance' },
      programYears: 4,
      entryDate: '2023-09-01',
      status: 'suspended',
      level: 'undergraduate',
    });
    expect(() => BoundMapping.bind(m, 'short.csv', ['XH', 'XM'])).toThrow(
      /short\.csv row 1, gender: no column "性别" or "XB" for gender; the header has: XH, XM/,
    );
  });

  it('reports a value the mapping does not know, a number that is not one, a yes/no that is neither', () => {
    const m = loadMapping(join(MAPPINGS, 'jwxt-grades.json'), 'grades');
    const header = ['学号', '学年学期', '课程代码', '课程名称', '学分', '成绩', '课程性质', '考试性质'];
    const bound = BoundMapping.bind(m, 'g.csv', header);
    const ok = bound.apply(
      row(header, {
        学号: '1',
        学年学期: '2023-2024-1',
        课程代码: 'X1',
        课程名称: '未知课',
        学分: '2.5',
        成绩: '优秀',
        课程性质: '选修',
        考试性质: '重修',
      }),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.value).toMatchObject({
      credits: 2.5,
      type: 'elective',
      retake: true,
      makeUp: false,
      name: { zh: '未知课', en: '' },
    });
    const bad = bound.apply(row(header, { 学号: '1', 学分: '两', 课程性质: '必选', 考试性质: '正常考试' }, 7));
    expect(bad.problems).toEqual([
      { file: 'g.csv', row: 7, column: '学分', field: 'credits', message: '"两" is not a number' },
      expect.objectContaining({
        column: '课程性质',
        field: 'type',
        message: expect.stringMatching(/"必选" is not a value the mapping knows/),
      }),
    ]);
  });

  it('a shipped mapping is found by its name; a file by its path; an unknown name lists the shipped ones', () => {
    expect(mappingPath('jwxt-grades')).toBe(join(MAPPINGS, 'jwxt-grades.json'));
    const own = mappingFile({ kind: 'people', fields: { id: 'a' } });
    expect(mappingPath(own)).toBe(own);
    expect(mappingPath('jwxt-teachers')).toBe(join(MAPPINGS, 'jwxt-teachers.json'));
    expect(() => mappingPath('jwxt-staff')).toThrow(
      /no shipped mapping of that name \(shipped: .*jwxt-grades.*jwxt-students.*jwxt-teachers/,
    );
  });

  it('writes the dates of Chinese exports as YYYY-MM-DD and leaves others for validation', () => {
    expect(normalizeDate('2023/9/1')).toBe('2023-09-01');
    expect(normalizeDate('2023年9月1日')).toBe('2023-09-01');
    expect(normalizeDate('20230901')).toBe('2023-09-01');
    expect(normalizeDate('2023-09-01 00:00:00')).toBe('2023-09-01');
    expect(normalizeDate('1.9.2023')).toBe('1.9.2023');
  });
});
