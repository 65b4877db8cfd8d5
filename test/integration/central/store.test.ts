import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { CENTRAL_MIGRATIONS, CentralSchemaVersionError, migrateCentral } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const file = () => join((dir = mkdtempSync(join(tmpdir(), 'estation-store-'))), 'central.sqlite');

describe('central store migrations', () => {
  it('records each applied migration and applies it once', async () => {
    const f = file();
    await new SqliteCentralStore(f).close();
    const store = await SqliteCentralStore.open(f);
    const rows = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(rows.map((r) => r.version)).toEqual(CENTRAL_MIGRATIONS.map((_, i) => i + 1));
    expect(store.db.pragma('user_version', { simple: true })).toBe(CENTRAL_MIGRATIONS.length);
    await store.close();
  });

  it('upgrades a database of the first release and keeps its documents', async () => {
    const f = file();
    const old = new Database(f);
    migrateCentral(old, f, CENTRAL_MIGRATIONS.slice(0, 1));
    old.prepare("INSERT INTO terminals (id, name, token_hash) VALUES ('k', 'K', 'h')").run();
    old.close();
    const store = await SqliteCentralStore.open(f);
    expect(await store.terminalState('k')).toMatchObject({ id: 'k', backlogOldestS: null });
    await store.close();
  });

  it('refuses a database written by a newer server, with a clear message', async () => {
    const f = file();
    await new SqliteCentralStore(f).close();
    const raw = new Database(f);
    raw.pragma(`user_version = ${CENTRAL_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => new SqliteCentralStore(f)).toThrow(CentralSchemaVersionError);
    expect(() => new SqliteCentralStore(f)).toThrow(/newer E-station central server/);
  });
});

describe('demo seed data', () => {
  const people = demoPeople();
  const students = people.filter((p) => p.role === 'student');
  const records = students.map((s) => s.record!).filter((r) => r.role === 'student');

  it('has at least a dozen students with Chinese names, including the rare characters 䶮 and 𠮷', () => {
    expect(students.length).toBeGreaterThanOrEqual(12);
    for (const s of students) expect(s.name).toMatch(/^[\u3400-\u9fff\u{20000}-\u{2ffff}]+$/u);
    expect(students.some((s) => s.name.includes('䶮'))).toBe(true);
    expect(students.some((s) => s.name.includes('𠮷'))).toBe(true);
    expect(new Set(students.map((s) => s.major?.zh)).size).toBeGreaterThan(3);
  });

  it('gives every student 40 to 90 graded courses over several terms, some graded in words', () => {
    expect(records).toHaveLength(students.length);
    for (const s of records) {
      expect(s.courses.length).toBeGreaterThanOrEqual(40);
      expect(s.courses.length).toBeLessThanOrEqual(90);
      expect(new Set(s.courses.map((c) => c.term)).size).toBeGreaterThanOrEqual(4);
      for (const c of s.courses) if (typeof c.score === 'number') expect(c.score).toBeGreaterThanOrEqual(0);
    }
    expect(records.some((s) => s.courses.some((c) => c.score === '优秀'))).toBe(true);
  });

  it('has suspended, withdrawn and graduated students, teachers, and staff', () => {
    for (const status of ['enrolled', 'suspended', 'withdrawn', 'graduated'])
      expect(records.some((s) => s.status === status)).toBe(true);
    expect(people.filter((p) => p.role === 'teacher').length).toBeGreaterThanOrEqual(2);
    expect(people.filter((p) => p.role === 'staff' && p.pin && !p.record).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the cards and ids it always had (tests and the docs name them)', () => {
    expect(people[0]).toMatchObject({ id: 'S2022000001', name: '李明轩', role: 'student' });
    expect(people.find((p) => p.role === 'staff')).toMatchObject({ id: 'T00001', card: '9000000001', pin: '246810' });
  });

  it('has unique card numbers, and is deterministic', () => {
    expect(new Set(people.map((p) => p.card)).size).toBe(people.length);
    expect(demoPeople()).toEqual(people);
  });

  it('is stored without staff PINs in clear, and seeding twice changes nothing', async () => {
    const store = await SqliteCentralStore.open(file());
    await store.seed(people);
    const before = store.db.prepare('SELECT id, json, updated_at FROM people ORDER BY id').all();
    await store.seed(people);
    expect(store.db.prepare('SELECT id, json, updated_at FROM people ORDER BY id').all()).toEqual(before);
    const count = (table: string) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    // Every demo card is a person or a staff member; a teacher who is also staff is both.
    const alsoStaff = people.filter((p) => p.record && p.pin).length;
    expect(alsoStaff).toBeGreaterThan(0);
    expect(count('people') + count('staff')).toBe(people.length + alsoStaff);
    const dump = JSON.stringify(store.db.prepare('SELECT * FROM staff').all());
    for (const p of people.filter((x) => x.pin)) expect(dump).not.toContain(p.pin);
    await store.close();
  });
});

describe('issued documents', () => {
  it('can be found by their printed verification code', async () => {
    const store = await SqliteCentralStore.open(file());
    const people = demoPeople();
    await store.seed(people);
    await store.enrollTerminal('k', 'K');
    const s = people[0]!;
    const auth = await store.authorize('k', {
      jobId: 'job-1',
      personId: s.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    expect(await store.documentByVerificationCode(auth.verificationCode.toLowerCase())).toMatchObject({
      jobId: 'job-1',
      serial: auth.serial,
      status: 'authorized',
    });
    expect(await store.documentByVerificationCode('0000-0000-0000')).toBeNull();
    expect(await store.verificationRecord(auth.verificationCode)).toEqual({
      serial: auth.serial,
      kind: 'enrollment',
      language: 'zh',
      issuedAt: auth.issuedAt,
      terminalId: 'k',
      status: 'authorized',
      holderName: s.name,
      title: { zh: '在读证明', en: 'Certificate of Enrollment' },
      // The local date of issue plus the kind's 180 days (docs/central.md "Document kinds").
      validUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(auth.verificationCode).toMatch(/^E-/);
    expect(await store.verificationRecord('0000-0000-0000')).toBeNull();
    expect((await store.documentsOfTerminal('k')).map((d) => d.jobId)).toEqual(['job-1']);
    await store.close();
  });
});
