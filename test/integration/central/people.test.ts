/**
 * People at central as canonical records (central/store/people.ts, docs/data.md "People"), on a real
 * SQLite file: upserts answer created / updated / unchanged / rejected, a card works for one active
 * person only, a replaced card keeps its history, and nobody is deleted: a deactivated person's cards
 * stop at once and work again when the record arrives again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardHistory } from '../../../central/store/people.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { z } from 'zod';
import { PersonRecord, type CourseResult, type PersonRecordInput } from '../../../shared/person-record.js';

let dir: string;
let store: SqliteCentralStore;
let now = Date.parse('2026-09-01T08:00:00Z');
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-people-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'), { now: () => new Date(now) });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The example line, as a record. */
const OUYANG: PersonRecordInput = {
  id: '2023010001',
  cards: ['3012345678'],
  role: 'student',
  name: { zh: '欧阳䶮', en: 'OUYANG Yan' },
  gender: 'male',
  status: 'enrolled',
  college: { zh: '数学学院', en: 'School of Mathematics' },
  major: { zh: '统计学', en: 'Statistics' },
  level: 'undergraduate',
  programYears: 4,
  entryDate: '2023-09-01',
  expectedGraduation: '2027-06-30',
  courses: [
    {
      term: '2023-2024-1',
      code: 'MATH1001',
      name: { zh: '数学分析(一)', en: 'Mathematical Analysis I' },
      credits: 5,
      score: '92',
      type: 'required',
    },
  ],
};
const rec = (input: PersonRecordInput, change: Partial<PersonRecordInput> = {}) =>
  PersonRecord.parse({ ...input, ...change });
const other = (id: string, cards: string[]) => rec(OUYANG, { id, cards, name: { zh: '王芳', en: 'WANG Fang' } });
const row = (id: string) =>
  store.db.prepare('SELECT active, updated_at, deactivated_at FROM people WHERE id = ?').get(id) as {
    active: number;
    updated_at: string;
    deactivated_at: string | null;
  };

describe('upserting people', () => {
  it('creates, then leaves an identical record unchanged (no write), then updates a changed one', async () => {
    expect(await store.upsertPeople([rec(OUYANG)])).toEqual([{ id: '2023010001', outcome: 'created' }]);
    const created = row('2023010001');
    now += 60_000;
    expect(await store.upsertPeople([rec(OUYANG)])).toEqual([{ id: '2023010001', outcome: 'unchanged' }]);
    expect(row('2023010001')).toEqual(created);
    expect(await store.upsertPeople([rec(OUYANG, { status: 'suspended' })])).toEqual([
      { id: '2023010001', outcome: 'updated' },
    ]);
    expect(row('2023010001').updated_at).toBe(new Date(now).toISOString());
    const found = await store.lookupCard('3012345678');
    expect(found?.person).toEqual({
      id: '2023010001',
      name: '欧阳䶮',
      nameLatin: 'OUYANG Yan',
      role: 'student',
      status: 'suspended',
      studentNumber: '2023010001',
      college: { zh: '数学学院', en: 'School of Mathematics' },
      major: { zh: '统计学', en: 'Statistics' },
    });
  });

  it('rejects a record claiming a card another active person holds, naming the card and that person, and changes nothing', async () => {
    await store.upsertPeople([rec(OUYANG)]);
    const [result, fine] = await store.upsertPeople([
      other('2023010002', ['3012345678']),
      other('2023010003', ['4444']),
    ]);
    expect(result).toEqual({ id: '2023010002', outcome: 'rejected', reason: expect.stringContaining('2023010001') });
    expect(result!.reason).toContain('30******78');
    expect(result!.reason).not.toContain('3012345678');
    // The others in the call go in; the rejected one wrote nothing.
    expect(fine).toEqual({ id: '2023010003', outcome: 'created' });
    expect(row('2023010002')).toBeUndefined();
    expect((await store.lookupCard('3012345678'))?.person.id).toBe('2023010001');
    // A rejected change of a known person leaves their stored record and cards as they were.
    const [change] = await store.upsertPeople([rec(OUYANG, { status: 'suspended', cards: ['3012345678', '4444'] })]);
    expect(change).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('2023010003') });
    expect((await store.lookupCard('3012345678'))?.person.status).toBe('enrolled');
    expect((await cardHistory(store.sql, '2023010001')).map((h) => h.card)).toEqual(['3012345678']);
  });

  it('sees the records before it in the same call: two new records with one card, the second is rejected', async () => {
    expect(await store.upsertPeople([other('2023010002', ['5555']), other('2023010003', ['5555'])])).toEqual([
      { id: '2023010002', outcome: 'created' },
      { id: '2023010003', outcome: 'rejected', reason: expect.stringContaining('belongs to 2023010002') },
    ]);
  });

  it('rejects a card that is a maintenance staff card', async () => {
    await store.seed([
      { id: 'T1', card: '9000000001', name: '马建国', nameLatin: 'MA Jianguo', role: 'staff', pin: '246810' },
    ]);
    const [r] = await store.upsertPeople([rec(OUYANG, { cards: ['9000000001'] })]);
    expect(r).toMatchObject({ outcome: 'rejected', reason: expect.stringMatching(/staff card of T1/) });
    expect((await store.lookupCard('9000000001'))?.person.role).toBe('staff');
  });

  it('retires a card left out of the record: the old card stops, the new one works, the history keeps both', async () => {
    await store.upsertPeople([rec(OUYANG)]);
    const issued = new Date(now).toISOString();
    now += 86_400_000;
    expect(await store.upsertPeople([rec(OUYANG, { cards: ['3099999999'] })])).toEqual([
      { id: '2023010001', outcome: 'updated' },
    ]);
    expect(await store.lookupCard('3012345678')).toBeNull();
    expect((await store.lookupCard('3099999999'))?.person.id).toBe('2023010001');
    const replaced = new Date(now).toISOString();
    expect(await cardHistory(store.sql, '2023010001')).toEqual([
      { card: '3012345678', personId: '2023010001', since: issued, retiredAt: replaced },
      { card: '3099999999', personId: '2023010001', since: replaced, retiredAt: null },
    ]);
    // A retired card may go to someone else.
    expect((await store.upsertPeople([other('2023010002', ['3012345678'])]))[0]!.outcome).toBe('created');
    expect((await store.lookupCard('3012345678'))?.person.id).toBe('2023010002');
  });
});

describe('deactivation', () => {
  it('deactivates the people of a role absent from a full import; their cards stop at once; the record again re-activates them', async () => {
    const teacher = PersonRecord.parse({
      id: 'T2008',
      cards: ['8000000001'],
      role: 'teacher',
      name: { zh: '周建华', en: 'ZHOU Jianhua' },
      status: 'active',
      department: { zh: '数学学院', en: 'School of Mathematics' },
    });
    await store.upsertPeople([rec(OUYANG), other('2023010002', ['5555']), teacher]);
    expect(await store.deactivateMissing(new Set(['2023010002']), 'student')).toEqual(['2023010001']);
    // Teachers are another role: untouched.
    expect((await store.lookupCard('8000000001'))?.person).toMatchObject({ id: 'T2008', role: 'teacher' });
    expect(await store.lookupCard('3012345678')).toBeNull();
    expect(await store.documentData('2023010001', 'enrollment', 'zh')).toBeNull();
    expect(row('2023010001')).toMatchObject({ active: 0, deactivated_at: new Date(now).toISOString() });
    // Never deleted, and asked again it deactivates nobody new.
    expect(await store.deactivateMissing(new Set(['2023010002']), 'student')).toEqual([]);

    expect(await store.upsertPeople([rec(OUYANG)])).toEqual([{ id: '2023010001', outcome: 'updated' }]);
    expect((await store.lookupCard('3012345678'))?.person.id).toBe('2023010001');
    expect(row('2023010001')).toMatchObject({ active: 1, deactivated_at: null });
  });

  it("passes a deactivated person's card to a new holder, and then refuses to re-activate the old one with it", async () => {
    await store.upsertPeople([rec(OUYANG)]);
    await store.deactivateMissing(new Set(), 'student');
    expect((await store.upsertPeople([other('2023010002', ['3012345678'])]))[0]!.outcome).toBe('created');
    expect((await store.lookupCard('3012345678'))?.person.id).toBe('2023010002');
    const [again] = await store.upsertPeople([rec(OUYANG)]);
    expect(again).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('2023010002') });
    expect(row('2023010001').active).toBe(0);
    expect((await cardHistory(store.sql, '2023010001'))[0]!.retiredAt).not.toBeNull();
  });
});

describe('document data from the record', () => {
  it('prints grade words in the document language, marks retakes and make-ups, and counts the GPA from GRADE_WORDS points', async () => {
    const courses: z.input<typeof CourseResult>[] = [
      { term: '2023-2024-1', code: 'PE1', name: { zh: '体育(一)', en: 'PE I' }, credits: 1, score: '优' },
      { term: '2023-2024-1', code: 'MATH1', name: { zh: '高数', en: 'Calculus' }, credits: 4, score: 55 },
      { term: '2023-2024-2', code: 'MATH1', name: { zh: '高数', en: 'Calculus' }, credits: 4, score: 80, retake: true },
      { term: '2023-2024-2', code: 'ENG', name: { zh: '英语', en: '' }, credits: 2, score: 'P', makeUp: true },
    ];
    await store.upsertPeople([rec(OUYANG, { courses })]);
    const en = (await store.documentData('2023010001', 'transcript', 'en')) as Record<string, unknown>;
    const zh = (await store.documentData('2023010001', 'transcript', 'zh')) as Record<string, unknown>;
    const lines = en.courses as Record<string, unknown>[];
    expect(lines.map((c) => c.score)).toEqual(['Excellent', 55, 80, 'Pass']);
    expect((zh.courses as Record<string, unknown>[]).map((c) => c.score)).toEqual(['优秀', 55, 80, '合格']);
    expect(lines[2]).toMatchObject({ typeZh: '必修·重修', typeEn: 'Required, retake', gradePoints: 3.0 });
    expect(lines[3]).toMatchObject({ typeZh: '必修·补考', nameEn: '英语', gradePoints: '—', countsForGpa: false });
    // GPA: (4×1 + 0×4 + 3×4) / 9 (the pass/fail course has no points); MATH1's credits are earned once.
    expect(en.totals).toEqual({ courses: 4, credits: 11, creditsEarned: 7, gpa: 1.78 });
    expect(en.student).toMatchObject({
      name: '欧阳䶮',
      nameLatin: 'OUYANG Yan',
      gender: '男',
      genderEn: 'Male',
      studentNumber: '2023010001',
      degreeLevel: { zh: '本科', en: 'Undergraduate' },
      enrollmentDate: '2023-09-01',
      expectedGraduation: '2027-06-30',
      programYears: 4,
      programLength: { zh: '四年', en: 'Four years' },
      statusLabel: { zh: '在读', en: 'enrolled' },
      status: 'enrolled',
    });
    expect(await store.documentData('2023010001', 'enrollment', 'zh')).not.toHaveProperty('courses');
    // Without an expected graduation, documents say June of the entry year plus the programme's length.
    await store.upsertPeople([rec(OUYANG, { expectedGraduation: undefined, programYears: 5 })]);
    expect(
      ((await store.documentData('2023010001', 'enrollment', 'en')) as { student: unknown }).student,
    ).toMatchObject({
      expectedGraduation: '2028-06-30',
      programLength: { zh: '五年', en: 'Five years' },
    });
  });
});
