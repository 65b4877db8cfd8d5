/**
 * Document kinds as data at a real SQLite central (central/store/kinds.ts, catalog.ts): the built-ins
 * seeded once and never written over, the old `document_kinds` rows adopted with what the university
 * had set, each person's catalog made from the definitions (audience, status, records, disabled), the
 * document data of any kind, and verification codes that carry the kind's prefix.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import {
  currentKind,
  currentKinds,
  kindHistory,
  KindRefused,
  prepareKinds,
  setKind,
  setKindDisabled,
  SET_BY_ADOPTION,
  SET_BY_BUILTIN,
} from '../../../central/store/kinds.js';
import { CENTRAL_MIGRATIONS, migrateCentral } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { AuthorizationRefused } from '../../../central/store/types.js';
import { CardLookupResponse } from '../../../shared/central-api.js';
import type { KindDefinition } from '../../../shared/document-kind.js';
import { DEMO_INSTITUTION } from '../../../shared/institution.js';
import { PersonRecord, type PersonRecordInput } from '../../../shared/person-record.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-kinds-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-12-03T02:00:00.000Z';
const file = () => join(dir, 'central.sqlite');
const builtin = (id: string) => builtinKinds().find((k) => k.id === id)!;

/** A kind only data makes: no built-in has it, no code names it. */
const LIBRARY: KindDefinition = {
  ...builtin('enrollment'),
  id: 'library-clearance',
  title: { zh: '离校图书清还证明', en: 'Library Clearance Certificate' },
  statuses: ['enrolled', 'graduated'],
  fields: ['student'],
  codePrefix: 'L',
  purposes: [],
};

const STUDENT: PersonRecordInput = {
  id: 'S2023001',
  cards: ['0100000001'],
  name: { zh: '林晓雨', en: 'LIN Xiaoyu' },
  role: 'student',
  status: 'enrolled',
  college: { zh: '数学学院', en: 'School of Mathematics' },
  entryDate: '2023-09-01',
  programYears: 4,
  courses: [{ term: '2023-2024-1', code: 'MA101', name: { zh: '数学分析', en: 'Analysis' }, credits: 5, score: 90 }],
};
const SUSPENDED: PersonRecordInput = { ...STUDENT, id: 'S2023002', cards: ['0100000002'], status: 'suspended' };
const TEACHER: PersonRecordInput = {
  id: 'T1990001',
  cards: ['0200000001'],
  name: { zh: '周建华', en: 'ZHOU Jianhua' },
  role: 'teacher',
  status: 'active',
  department: { zh: '数学学院', en: 'School of Mathematics' },
};

async function storeWithPeople(): Promise<SqliteCentralStore> {
  const store = await SqliteCentralStore.open(file(), { now: () => new Date(AT) });
  await store.upsertPeople([STUDENT, SUSPENDED, TEACHER].map((p) => PersonRecord.parse(p)));
  await store.enrollTerminal('k', 'K');
  return store;
}

async function catalog(store: SqliteCentralStore, card: string) {
  // Through the shared schema, as a kiosk reads it.
  const answer = CardLookupResponse.parse(await store.lookupCard(card));
  return answer.catalog;
}

describe('the built-in kinds', () => {
  it('are twelve valid definitions, one file each, with code prefixes of their own', () => {
    const kinds = builtinKinds();
    expect(kinds).toHaveLength(12);
    expect(new Set(kinds.map((k) => k.codePrefix)).size).toBe(12);
    expect(kinds.slice(0, 3).map((k) => k.id)).toEqual(['enrollment', 'transcript', 'student-status']);
    expect(builtin('transcript')).toMatchObject({ feeCents: 200, freePerTerm: 2, validityDays: 365 });
    expect(builtin('income-certificate')).toMatchObject({
      audience: ['teacher'],
      office: 'personnel',
      sensitive: ['income.annualGross', 'income.monthlyAverage'],
    });
    expect(builtin('employment-certificate').purposes.map((p) => p.id)).toEqual([
      'study-abroad',
      'job',
      'further-study',
      'visa',
      'other',
    ]);
  });

  it('are seeded on first start, and never written over: an edit and a disabling stay across restarts', async () => {
    const first = await SqliteCentralStore.open(file());
    expect((await first.kinds()).map((k) => [k.definition.id, k.version, k.setBy])).toEqual(
      builtinKinds().map((k) => [k.id, 1, SET_BY_BUILTIN]),
    );
    await setKind(first.sql, { ...builtin('transcript'), feeCents: 300 }, 'os:registrar', AT);
    await setKindDisabled(first.sql, 'cet-report', true, 'os:registrar', AT);
    await first.close();

    const again = await SqliteCentralStore.open(file());
    expect(await again.kindDefinition('transcript')).toMatchObject({
      version: 2,
      disabled: false,
      definition: { feeCents: 300 },
    });
    expect(await again.kindDefinition('cet-report')).toMatchObject({ version: 2, disabled: true });
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM document_kind_versions').get()).toEqual({ n: 14 });
    await again.close();
  });

  it('adds a built-in an upgrade ships, and leaves the kinds central holds as they are', async () => {
    const store = await SqliteCentralStore.open(file());
    await setKind(store.sql, { ...builtin('enrollment'), maxCopies: 2 }, 'os:registrar', AT);
    const shipped = { ...LIBRARY, id: 'dorm-checkout', codePrefix: 'DC' };
    await prepareKinds(store.sql, [...builtinKinds(), shipped], AT);
    expect(await currentKind(store.sql, 'dorm-checkout')).toMatchObject({ version: 1, setBy: SET_BY_BUILTIN });
    expect(await currentKind(store.sql, 'enrollment')).toMatchObject({ version: 2, definition: { maxCopies: 2 } });
    // Last in the catalog's order: it came last.
    expect((await currentKinds(store.sql)).at(-1)!.definition.id).toBe('dorm-checkout');
    await store.close();
  });
});

describe('a database from before kinds were data', () => {
  /** The schema just before the kind versions (found by content: the lead may renumber migrations). */
  const BEFORE_KINDS = CENTRAL_MIGRATIONS.slice(
    0,
    CENTRAL_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE document_kind_versions')),
  );

  it("adopts each document_kinds row as version 1 of its kind, keeping the university's settings", async () => {
    const db = new Database(file());
    migrateCentral(db, file(), BEFORE_KINDS);
    const row = db.prepare(
      'INSERT INTO document_kinds (kind, title_zh, title_en, free_per_term, fee_cents, max_copies, languages, roles, statuses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    row.run('enrollment', '在校证明', 'Certificate of Study', 7, 50, 4, 'zh', 'student', 'enrolled,suspended');
    row.run('transcript', '成绩单', 'Academic Transcript', 2, 200, 10, 'zh,en', 'student', null);
    // A row a university added by hand, which no built-in has; its initial D is taken by the degree certificate.
    row.run('dorm-clearance', '离宿证明', 'Dormitory Clearance', 1, 0, 1, 'zh', 'student', 'enrolled');
    // Withheld from students by giving it to staff only.
    row.run('student-status', '学籍证明', 'Certificate of Student Status', 3, 0, 3, 'zh,en', 'staff', 'enrolled');
    db.prepare(
      `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status, quota_term)
       VALUES ('job-1', 'k', 'S1', 'enrollment', 'zh', 1, 1, 0, 'DU-2026-000001', 'AAAA-BBBB-CCCC', '2026-10-01T02:00:00.000Z', 'printed', 'legacy')`,
    ).run();
    db.close();

    const store = await SqliteCentralStore.open(file());
    expect(await store.kindDefinition('enrollment')).toMatchObject({
      version: 1,
      setBy: SET_BY_ADOPTION,
      definition: {
        ...builtin('enrollment'),
        title: { zh: '在校证明', en: 'Certificate of Study' },
        freePerTerm: 7,
        feeCents: 50,
        maxCopies: 4,
        languages: ['zh'],
        statuses: ['enrolled', 'suspended'],
      },
    });
    // No statuses stored: the built-in's.
    expect((await store.kindDefinition('transcript'))!.definition).toEqual(builtin('transcript'));
    expect(await store.kindDefinition('dorm-clearance')).toMatchObject({
      setBy: SET_BY_ADOPTION,
      definition: { fields: ['student'], codePrefix: 'DAA', title: { zh: '离宿证明' }, audience: ['student'] },
    });
    // The other built-ins are added after the adopted kinds, which keep the order the stations showed.
    const kinds = (await store.kinds()).map((k) => [k.definition.id, k.setBy]);
    expect(kinds.slice(0, 4)).toEqual([
      ['enrollment', SET_BY_ADOPTION],
      ['transcript', SET_BY_ADOPTION],
      ['dorm-clearance', SET_BY_ADOPTION],
      ['student-status', SET_BY_ADOPTION],
    ]);
    expect(kinds).toHaveLength(13);
    expect(await store.kindDefinition('student-status')).toMatchObject({
      disabled: true,
      definition: { audience: ['student'] },
    });
    // Nothing deleted: the old rows stay as they were.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM document_kinds').get()).toEqual({ n: 4 });
    // A document issued before still verifies, titled as the university titled the kind.
    expect(await store.documentByVerificationCode('AAAA-BBBB-CCCC')).toMatchObject({ kind: 'enrollment' });
    await store.close();

    // Adopted once: opening again adds no version.
    const again = await SqliteCentralStore.open(file());
    expect(await kindHistory(again.sql, 'enrollment')).toHaveLength(1);
    await again.close();
  });
});

describe('catalogs from the definitions', () => {
  it("lists each person's audience only: a teacher gets the teacher kinds, a student the student kinds", async () => {
    const store = await storeWithPeople();
    const ids = (audience: string) =>
      builtinKinds()
        .filter((k) => k.audience.includes(audience as 'student'))
        .map((k) => k.id);
    expect((await catalog(store, '0100000001')).map((c) => c.kind)).toEqual(ids('student'));
    expect((await catalog(store, '0200000001')).map((c) => c.kind)).toEqual(ids('teacher'));
    await store.close();
  });

  it('carries fee, quota, languages, purposes, masked paths and validity from the definition', async () => {
    const store = await storeWithPeople();
    const teacher = Object.fromEntries((await catalog(store, '0200000001')).map((c) => [c.kind, c]));
    expect(teacher['income-certificate']).toMatchObject({
      title: { zh: '收入证明', en: 'Certificate of Income' },
      languages: ['zh', 'en'],
      feeCents: 0,
      freeRemaining: 3,
      sensitive: ['income.annualGross', 'income.monthlyAverage'],
      validityDays: 180,
    });
    expect(teacher['income-certificate']!.purposes!.map((p) => p.zh)).toEqual([
      '出国留学',
      '求职',
      '升学',
      '签证',
      '其他',
    ]);
    const student = Object.fromEntries((await catalog(store, '0100000001')).map((c) => [c.kind, c]));
    expect(student.transcript).toMatchObject({ feeCents: 200, freeRemaining: 2, maxCopies: 10, validityDays: 365 });
    expect(student.transcript!.purposes).toBeUndefined();
    await store.close();
  });

  it('says why, by status, and by a record that lacks what the kind certifies (no_record)', async () => {
    const store = await storeWithPeople();
    const enrolled = Object.fromEntries((await catalog(store, '0100000001')).map((c) => [c.kind, c]));
    expect(enrolled.enrollment).toMatchObject({ available: true });
    // This record has no CET scores: the report is unavailable, and says so in both languages.
    expect(enrolled['cet-report']).toMatchObject({
      available: false,
      unavailableReason: 'no_record',
      unavailableNote: { zh: '没有四六级成绩记录', en: 'No CET scores on record' },
    });
    await expect(
      store.authorize('k', { jobId: 'j-cet', personId: 'S2023001', kind: 'cet-report', language: 'zh', copies: 1 }),
    ).rejects.toMatchObject({ code: 'not_eligible', message: expect.stringContaining('No CET scores on record') });
    expect(await store.documentData('S2023001', 'cet-report', 'zh')).toBeNull();
    // Status first: a suspended student may not print the certificate of enrollment, whatever the records.
    const suspended = Object.fromEntries((await catalog(store, '0100000002')).map((c) => [c.kind, c]));
    expect(suspended.enrollment).toMatchObject({ available: false, unavailableReason: 'not_eligible' });
    expect(suspended['graduation-certificate']).toMatchObject({ unavailableReason: 'not_eligible' });
    await store.close();
  });

  it('serves the data of a kind that is data alone, to its audience only, and issues codes with its prefix', async () => {
    const store = await storeWithPeople();
    await setKind(store.sql, LIBRARY, 'os:library', AT);
    expect((await catalog(store, '0100000001')).at(-1)).toMatchObject({
      kind: 'library-clearance',
      title: LIBRARY.title,
      available: true,
    });
    const data = (await store.documentData('S2023001', 'library-clearance', 'zh'))!;
    // university and the blocks the kind reads, nothing else (no courses for a kind that reads only `student`).
    expect(Object.keys(data).sort()).toEqual(['student', 'university']);
    expect(data.student).toMatchObject({ name: '林晓雨', studentNumber: 'S2023001' });
    expect(data.university).toMatchObject({ office: '教务处' });
    // A teacher is not of its audience; a suspended student not of its statuses.
    expect(await store.documentData('T1990001', 'library-clearance', 'zh')).toBeNull();
    expect(await store.documentData('S2023002', 'library-clearance', 'zh')).toBeNull();
    const auth = await store.authorize('k', {
      jobId: 'j-lib',
      personId: 'S2023001',
      kind: 'library-clearance',
      language: 'zh',
      copies: 1,
    });
    expect(auth.verificationCode).toMatch(/^L-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await store.verificationRecord(auth.verificationCode)).toMatchObject({
      kind: 'library-clearance',
      title: LIBRARY.title,
      // Issued 2026-12-03 in Beijing, valid 180 days.
      validUntil: '2027-06-01',
    });
    await store.close();
  });

  it('a disabled kind leaves every catalog, is refused clearly, and what was issued still verifies', async () => {
    const store = await storeWithPeople();
    const auth = await store.authorize('k', {
      jobId: 'j-1',
      personId: 'S2023001',
      kind: 'student-status',
      language: 'zh',
      copies: 1,
    });
    expect(auth.verificationCode).toMatch(/^S-/);
    expect(await setKindDisabled(store.sql, 'student-status', true, 'os:registrar', AT)).toEqual({
      version: 2,
      changed: true,
    });
    expect((await catalog(store, '0100000001')).map((c) => c.kind)).not.toContain('student-status');
    expect(await store.documentData('S2023001', 'student-status', 'zh')).toBeNull();
    const refused = store.authorize('k', {
      jobId: 'j-2',
      personId: 'S2023001',
      kind: 'student-status',
      language: 'zh',
      copies: 1,
    });
    await expect(refused).rejects.toBeInstanceOf(AuthorizationRefused);
    await expect(refused).rejects.toThrow(/"student-status" \(Certificate of Student Status\) is disabled at central/);
    expect(await store.verificationRecord(auth.verificationCode)).toMatchObject({
      title: { zh: '学籍证明' },
      status: 'authorized',
    });
    await expect(
      store.authorize('k', { jobId: 'j-3', personId: 'S2023001', kind: 'diploma', language: 'zh', copies: 1 }),
    ).rejects.toThrow(/Central has no document kind "diploma"/);
    // Enabled again: back in the catalog, as a new version.
    expect(await setKindDisabled(store.sql, 'student-status', false, 'os:registrar', AT)).toEqual({
      version: 3,
      changed: true,
    });
    expect((await catalog(store, '0100000001')).map((c) => c.kind)).toContain('student-status');
    await store.close();
  });
});

describe('setting a kind', () => {
  it("refuses a code prefix another kind uses, disabled or not, and keeps a kind's own", async () => {
    const store = await SqliteCentralStore.open(file());
    await setKindDisabled(store.sql, 'cet-report', true, 'x', AT);
    const clash = (prefix: string) => setKind(store.sql, { ...LIBRARY, codePrefix: prefix }, 'x', AT);
    await expect(clash('T')).rejects.toThrow(KindRefused);
    await expect(clash('T')).rejects.toThrow(/codePrefix: "T" is the code prefix of "transcript" \(成绩单\)/);
    await expect(clash('C')).rejects.toThrow(/code prefix of "cet-report"/);
    expect((await setKind(store.sql, { ...builtin('transcript'), feeCents: 100 }, 'x', AT)).version).toBe(2);
    // The same definition again is no new version.
    expect(await setKind(store.sql, { ...builtin('transcript'), feeCents: 100 }, 'x', AT)).toMatchObject({
      version: 2,
      changed: false,
    });
    expect(await kindHistory(store.sql, 'library-clearance')).toEqual([]);
    await store.close();
  });

  it('keeps a disabled kind disabled when its definition changes, and records every version with who set it', async () => {
    const store = await SqliteCentralStore.open(file());
    await setKindDisabled(store.sql, 'tuition-payment', true, 'os:finance', AT);
    expect(await setKind(store.sql, { ...builtin('tuition-payment'), maxCopies: 1 }, 'os:finance', AT)).toMatchObject({
      version: 3,
      disabled: true,
    });
    expect((await kindHistory(store.sql, 'tuition-payment')).map((v) => [v.version, v.setBy, v.disabled])).toEqual([
      [1, SET_BY_BUILTIN, false],
      [2, 'os:finance', true],
      [3, 'os:finance', true],
    ]);
    expect(await setKindDisabled(store.sql, 'tuition-payment', true, 'os:finance', AT)).toEqual({
      version: 3,
      changed: false,
    });
    expect(await setKindDisabled(store.sql, 'no-such-kind', true, 'os:finance', AT)).toBeNull();
    await store.close();
  });
});

describe('the issuing office of a kind', () => {
  it('is the one the profile lists it under, else the one the kind names, else the first', async () => {
    const store = await storeWithPeople();
    await setKind(store.sql, { ...LIBRARY, office: 'personnel' }, 'x', AT);
    expect((await store.documentData('S2023001', 'library-clearance', 'zh'))!.university).toMatchObject({
      office: '人事处',
    });
    await store.setInstitution(
      {
        ...DEMO_INSTITUTION,
        offices: [
          ...DEMO_INSTITUTION.offices,
          { id: 'library', name: { zh: '图书馆', en: 'University Library' }, kinds: ['library-clearance'] },
        ],
      },
      'test',
    );
    expect((await store.documentData('S2023001', 'library-clearance', 'zh'))!.university).toMatchObject({
      office: '图书馆',
    });
    await setKind(store.sql, { ...LIBRARY, office: 'nowhere' }, 'x', AT);
    await store.setInstitution(DEMO_INSTITUTION, 'test');
    expect((await store.documentData('S2023001', 'library-clearance', 'en'))!.university).toMatchObject({
      officeEn: 'Office of Academic Affairs',
    });
    await store.close();
  });
});
