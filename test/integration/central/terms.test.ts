/**
 * Free quotas per term at central (real SQLite, central's clock moved through the store's `now`):
 * they reset on the first day of a term in Beijing, a gap follows the calendar's setting, a late
 * cancellation gives copies back to the term they came from, and without a calendar nothing changes.
 */
import { staffReprint } from '../../helpers/staff-grant.js';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople, type SeedPerson } from '../../../central/seed/demo.js';
import { startCentralServer } from '../../../central/server.js';
import { CENTRAL_MIGRATIONS, migrateCentral } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { LEGACY_TERM, type Calendar, type GapRule } from '../../../central/domain/terms.js';
import { AuthorizationRefused } from '../../../central/store/types.js';
import type { DocumentKind } from '../../../shared/domain.js';
import { DEMO_INSTITUTION } from '../../../shared/institution.js';

const TERM_1 = '2026-2027-1';
const TERM_2 = '2026-2027-2';
const calendar = (gap: GapRule): Calendar => ({
  gap,
  terms: [
    { code: TERM_1, name: { zh: '2026-2027学年第一学期', en: 'Autumn 2026' }, start: '2026-09-01', end: '2027-01-15' },
    { code: TERM_2, name: { zh: '2026-2027学年第二学期', en: 'Spring 2027' }, start: '2027-02-20', end: '2027-07-10' },
  ],
});

let dir = '';
let now = new Date('2026-10-10T02:00:00Z');
let store: SqliteCentralStore;
const student = demoPeople().find((p) => p.role === 'student')!;

afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function open(gap: GapRule | null, file?: string): Promise<SqliteCentralStore> {
  dir = dir || mkdtempSync(join(tmpdir(), 'estation-terms-'));
  store = await SqliteCentralStore.open(file ?? join(dir, 'central.sqlite'), { now: () => now });
  await store.seed(demoPeople());
  if (gap) await store.setTermCalendar(calendar(gap));
  await store.enrollTerminal('k', 'K');
  return store;
}

const at = (iso: string) => {
  now = new Date(iso);
};
const item = async (kind: DocumentKind = 'enrollment', p: SeedPerson = student) =>
  (await store.lookupCard(p.card))!.catalog.find((c) => c.kind === kind)!;
let jobs = 0;
const ask = (copies: number, kind: DocumentKind = 'enrollment') =>
  store.authorize('k', { jobId: `job-${++jobs}`, personId: student.id, kind, language: 'zh', copies });
const usedIn = (term: string, kind = 'enrollment') =>
  (
    store.db
      .prepare('SELECT used FROM quota_used WHERE person_id = ? AND kind = ? AND term = ?')
      .get(student.id, kind, term) as { used: number } | undefined
  )?.used;

describe('free quotas per term', () => {
  it('are used up in term 1 and fresh on the first day of term 2 in Beijing, from 16:00 UTC the day before', async () => {
    await open('previous');
    at('2026-10-10T02:00:00Z');
    await ask(5);
    expect(await item()).toMatchObject({ freeRemaining: 0, available: false, unavailableReason: 'quota_used_up' });
    await expect(ask(1)).rejects.toMatchObject({ code: 'quota_used_up' });
    // 23:59:59 on 19 February in Beijing: the gap, where term 1 still counts.
    at('2027-02-19T15:59:59Z');
    expect(await item()).toMatchObject({ freeRemaining: 0, available: false });
    // 00:00 on 20 February in Beijing, though still 19 February in UTC: term 2.
    at('2027-02-19T16:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 5, available: true });
    expect((await ask(2)).chargedCents).toBe(0);
    expect(usedIn(TERM_1)).toBe(5);
    expect(usedIn(TERM_2)).toBe(2);
  });

  it('follow the timezone of the institution profile: in London term 2 begins at midnight London time', async () => {
    await open('previous');
    at('2026-10-10T02:00:00Z');
    await ask(5);
    await store.setInstitution({ ...DEMO_INSTITUTION, timezone: 'Europe/London' }, 'test');
    // 16:00 UTC on 19 February is Beijing's 20th but London's 19th: still the gap, term 1 used up.
    at('2027-02-19T16:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 0, available: false });
    at('2027-02-20T00:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 5, available: true });
  });

  it('"gap": "previous" keeps the last term counting between terms', async () => {
    await open('previous');
    at('2027-01-10T02:00:00Z');
    await ask(3);
    at('2027-01-20T02:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 2, available: true });
    await ask(2);
    expect(usedIn(TERM_1)).toBe(5);
    expect((await item()).unavailableNote).toBeUndefined();
  });

  it('"gap": "none" gives no free copies between terms, says why, and charges the fee', async () => {
    await open('none');
    at('2027-01-20T02:00:00Z');
    const enrollment = await item();
    expect(enrollment).toMatchObject({ freeRemaining: 0, available: false, unavailableReason: 'quota_used_up' });
    expect(enrollment.unavailableNote).toEqual({
      zh: '现在不在学期内，没有免费份数；2026-2027学年第二学期于2027-02-20开始',
      en: 'There is no term now, so there are no free copies; Spring 2027 begins on 2027-02-20.',
    });
    await expect(ask(1)).rejects.toMatchObject({
      code: 'quota_used_up',
      message: expect.stringContaining('There is no term now, so there are no free copies; Spring 2027 begins'),
    });
    await expect(ask(1)).rejects.toBeInstanceOf(AuthorizationRefused);
    // A document with a fee is still offered, every copy paid; its cancellation has nothing to give back.
    const transcript = await item('transcript');
    expect(transcript).toMatchObject({ freeRemaining: 0, available: true });
    const r = await ask(2, 'transcript');
    expect(r.chargedCents).toBe(2 * transcript.feeCents);
    expect(
      await store.report('k', [
        { jobId: r.jobId, serial: r.serial, outcome: 'cancelled', pages: 0, copies: 2, finishedAt: now.toISOString() },
      ]),
    ).toEqual([{ jobId: r.jobId, result: 'confirmed' }]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM quota_used').get()).toEqual({ n: 0 });
    at('2027-02-20T02:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 5, available: true });
  });

  it('gives a cancellation reported after the rollover back to the term the copies came from', async () => {
    await open('previous');
    at('2027-01-15T10:00:00Z');
    const late = await ask(3);
    at('2027-02-21T02:00:00Z');
    await ask(1);
    expect(usedIn(TERM_1)).toBe(3);
    expect(usedIn(TERM_2)).toBe(1);
    const [result] = await store.report('k', [
      {
        jobId: late.jobId,
        serial: late.serial,
        outcome: 'cancelled',
        pages: 0,
        copies: 3,
        finishedAt: now.toISOString(),
      },
    ]);
    expect(result).toEqual({ jobId: late.jobId, result: 'confirmed' });
    expect(usedIn(TERM_1)).toBe(0);
    expect(usedIn(TERM_2)).toBe(1);
    expect((await item()).freeRemaining).toBe(4);
  });

  it('a staff reprint after the rollover of a document cancelled before it takes its copies from the original term', async () => {
    await open('previous');
    at('2027-01-15T10:00:00Z');
    const orig = await ask(2);
    await store.report('k', [
      {
        jobId: orig.jobId,
        serial: orig.serial,
        outcome: 'cancelled',
        pages: 0,
        copies: 2,
        finishedAt: now.toISOString(),
      },
    ]);
    at('2027-02-21T02:00:00Z');
    const again = await store.authorize('k', {
      jobId: 'reprint',
      personId: student.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 2,
      reprintOf: orig.jobId,
      ...(await staffReprint(store, 'k')),
    });
    expect(again.chargedCents).toBe(0);
    expect(usedIn(TERM_1)).toBe(2);
    expect(usedIn(TERM_2)).toBeUndefined();
  });

  it('without a calendar, keeps one quota that never resets', async () => {
    await open(null);
    at('2026-10-10T02:00:00Z');
    await ask(5);
    at('2031-03-01T02:00:00Z');
    expect(await item()).toMatchObject({ freeRemaining: 0, available: false, unavailableReason: 'quota_used_up' });
    expect(usedIn(LEGACY_TERM)).toBe(5);
  });

  it('keeps every calendar that was set; the last one is in force', async () => {
    await open('previous');
    const second = await store.setTermCalendar(calendar('none'));
    expect(second.version).toBe(2);
    expect(await store.termCalendar()).toMatchObject({ version: 2, gap: 'none' });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM term_calendars').get()).toEqual({ n: 2 });
  });
});

describe('the demo central', () => {
  it('sets the demo calendar once, and keeps a calendar its data folder already has', async () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-terms-'));
    const first = await startCentralServer({ dataDir: dir, seedDemo: true });
    expect(await first.store.termCalendar()).toMatchObject({ version: 1, gap: 'previous' });
    await first.store.setTermCalendar(calendar('none'));
    await first.close();
    const second = await startCentralServer({ dataDir: dir, seedDemo: true });
    try {
      expect(await second.store.termCalendar()).toMatchObject({ version: 2, gap: 'none' });
    } finally {
      await second.close();
    }
  });
});

describe('the upgrade to terms (migration 9)', () => {
  it('moves the quotas used before into the legacy term, where documents authorized before give back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-terms-'));
    const file = join(dir, 'central.sqlite');
    const old = new Database(file);
    migrateCentral(old, file, CENTRAL_MIGRATIONS.slice(0, 8));
    old.prepare("INSERT INTO quota_used (person_id, kind, used) VALUES (?, 'enrollment', 4)").run(student.id);
    old
      .prepare(
        `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
         VALUES ('before', 'k', ?, 'enrollment', 'zh', 2, 2, 0, 'DU-2026-000001', 'AAAA-BBBB-CCCC', '2026-10-01T00:00:00Z', 'authorized')`,
      )
      .run(student.id);
    old.close();
    await open(null, file);
    expect(usedIn(LEGACY_TERM)).toBe(4);
    expect((await item()).freeRemaining).toBe(1);
    await store.report('k', [
      {
        jobId: 'before',
        serial: 'DU-2026-000001',
        outcome: 'failed',
        pages: 0,
        copies: 2,
        finishedAt: now.toISOString(),
      },
    ]);
    expect(usedIn(LEGACY_TERM)).toBe(2);
    // Once a calendar is set, the current term counts from zero; the legacy rows stay as they were.
    await store.setTermCalendar(calendar('previous'));
    expect((await item()).freeRemaining).toBe(5);
    expect(usedIn(LEGACY_TERM)).toBe(2);
  });
});
