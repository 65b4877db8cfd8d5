/**
 * Who may print what, by student status (学籍状态), at a real SQLite central: the catalog says why an
 * item is unavailable in both languages, and authorize refuses with the same words.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { setKind } from '../../../central/store/kinds.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { CardLookupResponse } from '../../../shared/central-api.js';
import type { DocumentKind, PersonStatus } from '../../../shared/domain.js';
import type { PersonRecord } from '../../../shared/person-record.js';

let dir = '';
let store: SqliteCentralStore;
const [enrolled, suspended, withdrawn, graduated] = demoPeople().filter((p) => p.role === 'student') as [
  SeedPerson,
  SeedPerson,
  SeedPerson,
  SeedPerson,
];
/** A demo student with a status as a canonical record carries it. */
const withStatus = (p: SeedPerson, status: PersonStatus): SeedPerson => ({
  ...p,
  record: { ...p.record!, status } as PersonRecord,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-eligibility-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  await store.seed([
    enrolled,
    withStatus(suspended, 'suspended'),
    withStatus(withdrawn, 'withdrawn'),
    withStatus(graduated, 'graduated'),
  ]);
  await store.enrollTerminal('k', 'K');
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function catalogOf(p: SeedPerson) {
  // Through the shared schema, as a kiosk reads it: the note must survive the parse.
  const answer = CardLookupResponse.parse(await store.lookupCard(p.card));
  return Object.fromEntries(answer.catalog.map((c) => [c.kind, c]));
}
const ask = (p: SeedPerson, kind: DocumentKind) =>
  store.authorize('k', { jobId: `${p.id}-${kind}`, personId: p.id, kind, language: 'zh', copies: 1 });

describe('eligibility from status', () => {
  it('a student without a recorded status is enrolled and may print everything', async () => {
    const c = await catalogOf(enrolled);
    for (const kind of ['enrollment', 'student-status', 'transcript']) {
      expect(c[kind]!.available, kind).toBe(true);
      expect(c[kind]!.unavailableNote).toBeUndefined();
    }
  });

  it('a suspended student sees why the certificate of enrollment is unavailable, and may print the others', async () => {
    const c = await catalogOf(suspended);
    expect(c.enrollment).toMatchObject({
      available: false,
      unavailableReason: 'not_eligible',
      unavailableNote: {
        zh: '学籍状态为休学，不能打印在读证明',
        en: 'Your student status is suspended: the Certificate of Enrollment cannot be printed.',
      },
    });
    expect(c['student-status']!.available).toBe(true);
    expect(c.transcript!.available).toBe(true);
  });

  it('a withdrawn student cannot print the certificate of enrollment, and authorize refuses with the same words', async () => {
    const c = await catalogOf(withdrawn);
    expect(c.enrollment!.unavailableNote!.zh).toBe('学籍状态为退学，不能打印在读证明');
    expect(c['student-status']!.unavailableNote!.zh).toBe('学籍状态为退学，不能打印学籍证明');
    await expect(ask(withdrawn, 'enrollment')).rejects.toMatchObject({
      code: 'not_eligible',
      message: expect.stringContaining(
        'Your student status is withdrawn: the Certificate of Enrollment cannot be printed. (学籍状态为退学，不能打印在读证明)',
      ),
    });
    expect(await store.document(`${withdrawn.id}-enrollment`)).toBeNull();
  });

  it('a graduate can still print a transcript, but not a certificate of enrollment', async () => {
    const c = await catalogOf(graduated);
    expect(c.transcript).toMatchObject({ available: true });
    expect(c.enrollment).toMatchObject({ available: false, unavailableReason: 'not_eligible' });
    expect((await ask(graduated, 'transcript')).serial).toMatch(/^DU-/);
    await expect(ask(graduated, 'enrollment')).rejects.toMatchObject({ code: 'not_eligible' });
  });

  it("reads the statuses each kind allows from the kind's definition, so a university can change them", async () => {
    const enrollment = (await store.kindDefinition('enrollment'))!.definition;
    await setKind(store.sql, { ...enrollment, statuses: ['enrolled', 'suspended'] }, 'test', new Date().toISOString());
    try {
      expect((await catalogOf(suspended)).enrollment!.available).toBe(true);
    } finally {
      await setKind(store.sql, enrollment, 'test', new Date().toISOString());
    }
    expect((await catalogOf(suspended)).enrollment!.available).toBe(false);
  });
});
