/**
 * A central database from before canonical records (people in `persons` as the demo's old JSON, one
 * card each, staff with PIN hashes) opened by this server: nothing is lost. Students become canonical
 * records, staff keep their PINs, documents issued before still verify, and `persons` is kept as it was.
 */
import Database from 'better-sqlite3';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { CENTRAL_MIGRATIONS, migrateCentral } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The schema just before the people tables (found by content: the lead may renumber migrations). */
const BEFORE_PEOPLE = CENTRAL_MIGRATIONS.slice(
  0,
  CENTRAL_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE people')),
);

/** A student row exactly as the old demo seed stored it. */
const OLD_STUDENT = {
  id: 'S2022000001',
  card: '0010000123',
  name: '李明轩',
  nameLatin: 'LI Mingxuan',
  role: 'student',
  gender: 'M',
  studentNumber: '2022001001',
  college: { zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology' },
  major: { zh: '软件工程', en: 'Software Engineering' },
  degree: { zh: '本科', en: 'Undergraduate' },
  enrollmentDate: '2022-09-01',
  expectedGraduation: '2026-06-30',
  courses: [
    {
      term: '2022-2023-1',
      nameZh: '高等数学A(上)',
      nameEn: 'Advanced Mathematics A (I)',
      credits: 5,
      typeZh: '必修',
      typeEn: 'Required',
      score: 92,
      gradePoints: 4,
    },
    {
      term: '2022-2023-2',
      nameZh: '音乐鉴赏',
      nameEn: 'Music Appreciation',
      credits: 1,
      typeZh: '选修',
      typeEn: 'Elective',
      score: 80,
      gradePoints: 3,
    },
  ],
};
/** A row that cannot become a canonical record (no entry date): it must stay verifiable all the same. */
const OLD_INCOMPLETE = { id: 'X1', card: '0000007777', name: '缺字段', nameLatin: '', role: 'student', courses: [] };
const salt = randomBytes(16);
const OLD_STAFF = {
  id: 'T00001',
  card: '9000000001',
  name: '马建国',
  nameLatin: 'MA Jianguo',
  role: 'staff',
  gender: 'M',
  courses: [],
  pinHash: `${salt.toString('hex')}:${scryptSync('246810', salt, 32).toString('hex')}`,
};

function oldDatabase(): string {
  dir = mkdtempSync(join(tmpdir(), 'estation-people-migration-'));
  const file = join(dir, 'central.sqlite');
  const db = new Database(file);
  migrateCentral(db, file, BEFORE_PEOPLE);
  const ins = db.prepare('INSERT INTO persons (id, card, json) VALUES (?, ?, ?)');
  for (const p of [OLD_STUDENT, OLD_INCOMPLETE, OLD_STAFF]) ins.run(p.id, p.card, JSON.stringify(p));
  const doc = db.prepare(
    `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
     VALUES (?, 'k', ?, 'enrollment', 'zh', 1, 1, 0, ?, ?, '2026-10-01T02:00:00.000Z', 'printed')`,
  );
  doc.run('job-1', OLD_STUDENT.id, 'DU-2026-000001', 'AAAA-BBBB-CCCC');
  doc.run('job-2', OLD_INCOMPLETE.id, 'DU-2026-000002', 'DDDD-EEEE-FFFF');
  db.close();
  return file;
}

describe('a database from before canonical records', () => {
  it('adopts its students as records, keeps its staff PINs working, and every issued document verifiable', async () => {
    const file = oldDatabase();
    const store = await SqliteCentralStore.open(file);
    const found = await store.lookupCard(OLD_STUDENT.card);
    expect(found?.person).toMatchObject({
      id: OLD_STUDENT.id,
      name: '李明轩',
      nameLatin: 'LI Mingxuan',
      status: 'enrolled',
    });
    expect(found?.catalog.map((c) => c.kind)).toEqual(
      builtinKinds()
        .filter((k) => k.audience.includes('student'))
        .map((k) => k.id),
    );
    const data = (await store.documentData(OLD_STUDENT.id, 'transcript', 'zh')) as {
      student: Record<string, unknown>;
      courses: Record<string, unknown>[];
    };
    expect(data.student).toMatchObject({ gender: '男', enrollmentDate: '2022-09-01', degreeLevel: OLD_STUDENT.degree });
    expect(data.courses.map((c) => [c.nameZh, c.score, c.typeZh, c.gradePoints])).toEqual([
      ['高等数学A(上)', 92, '必修', 4],
      ['音乐鉴赏', 80, '选修', 3],
    ]);

    expect(await store.verifyStaff(OLD_STAFF.card, '246810')).toEqual({ id: 'T00001', name: '马建国' });
    expect(await store.verifyStaff(OLD_STAFF.card, '000000')).toBeNull();
    expect((await store.lookupCard(OLD_STAFF.card))?.person).toEqual({
      id: 'T00001',
      name: '马建国',
      nameLatin: 'MA Jianguo',
      role: 'staff',
    });

    expect((await store.verificationRecord('AAAA-BBBB-CCCC'))?.holderName).toBe('李明轩');
    // The incomplete row is no record (its card does not work), but what it was issued still verifies.
    expect(await store.lookupCard(OLD_INCOMPLETE.card)).toBeNull();
    expect((await store.verificationRecord('DDDD-EEEE-FFFF'))?.holderName).toBe('缺字段');

    const persons = store.db.prepare('SELECT id, card, json FROM persons ORDER BY id').all();
    expect(persons).toHaveLength(3);
    expect(persons).toContainEqual({ id: OLD_STUDENT.id, card: OLD_STUDENT.card, json: JSON.stringify(OLD_STUDENT) });
    const people = store.db.prepare('SELECT id, updated_at FROM people').all();
    expect(people).toHaveLength(1);
    await store.close();

    // Opening it again adopts nobody twice.
    const again = await SqliteCentralStore.open(file);
    expect(again.db.prepare('SELECT id, updated_at FROM people').all()).toEqual(people);
    await again.close();
  });
});
