/**
 * With `requireCardLookup`, a terminal token alone no longer reads anybody's data: central serves a
 * person's document data and authorizes new jobs for them only to a terminal that looked the person's
 * card up (30 min for data, 24 h for jobs), and afterwards serves the data of that terminal's
 * authorized jobs until they are reported. Replays and staff reprints keep working days later. Every
 * refusal is 403 `no_card_lookup` and is logged. The clock is central's (the store's `now`).
 */
import { staffReprint } from '../../helpers/staff-grant.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTHORIZE_AFTER_LOOKUP_MS, DATA_AFTER_LOOKUP_MS } from '../../../central/domain/card-binding.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { SeedPerson } from '../../../central/seed/demo.js';
import { useCentral, type TestTerminal } from './central-fixture.js';

const logLines: string[] = [];
const central = useCentral({
  requireCardLookup: true,
  logger: { level: 'warn', stream: { write: (line: string) => void logLines.push(line) } },
});

const HOUR = 3_600_000;
let seq = 0;
const jobId = () => `0190c000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
const lookup = (p: SeedPerson, terminal: TestTerminal = 'kiosk-a') =>
  central.post('/v1/cards/lookup', { card: p.card }, terminal);
const data = (p: SeedPerson, terminal: TestTerminal = 'kiosk-a', kind = 'transcript', language = 'zh') =>
  central.post('/v1/documents/data', { personId: p.id, kind, language }, terminal);
const authorize = (
  body: { jobId: string; personId: string; reprintOf?: string; staffGrant?: string; reason?: string },
  terminal: TestTerminal = 'kiosk-a',
) => central.post('/v1/jobs/authorize', { kind: 'transcript', language: 'zh', copies: 1, ...body }, terminal);
const report = (id: string, serial: string, outcome: 'printed' | 'cancelled') =>
  central.post('/v1/jobs/report', {
    reports: [{ jobId: id, serial, outcome, pages: 1, copies: 1, finishedAt: new Date().toISOString() }],
  });

/** 403 no_card_lookup, with nothing of the person in it, and a warning in central's log. */
function expectRefused(r: Awaited<ReturnType<typeof data>>, p: SeedPerson): void {
  expect(r.status).toBe(403);
  expect(r.json).toEqual({ error: 'no_card_lookup', message: expect.stringMatching(/was looked up on this terminal/) });
  expect(r.text).not.toContain(p.name);
  expect(logLines.at(-1)).toMatch(/refused/);
  expect(logLines.at(-1)).toContain(p.id);
}

describe('a person is bound to the terminal that looked the card up', () => {
  it('serves no data and authorizes no job without a lookup, on any terminal, for any person id', async () => {
    const s = central.students[0]!;
    expectRefused(await data(s), s);
    const id = jobId();
    expectRefused(await authorize({ jobId: id, personId: s.id }), s);
    expect(await central.store.document(id)).toBeNull();
    // An id that names nobody is refused the same way: no answer tells who exists.
    expectRefused(await data({ ...s, id: 'S99999' }), { ...s, id: 'S99999' });
    expectRefused(await authorize({ jobId: jobId(), personId: 'S99999' }), { ...s, id: 'S99999' });

    // Looked up on kiosk-a: kiosk-a may, kiosk-b still may not.
    expect((await lookup(s)).status).toBe(200);
    expect((await data(s)).status).toBe(200);
    expectRefused(await data(s, 'kiosk-b'), s);
    expectRefused(await authorize({ jobId: jobId(), personId: s.id }, 'kiosk-b'), s);
    // An unknown card binds nobody.
    expect((await central.post('/v1/cards/lookup', { card: '0000000000' })).status).toBe(404);
  });

  it('serves data for 30 minutes after the lookup, then only for an authorized job until it is reported', async () => {
    const s = central.students[1]!;
    await lookup(s);
    central.advance(DATA_AFTER_LOOKUP_MS - 1000);
    expect((await data(s)).status).toBe(200);
    central.advance(2000);
    expectRefused(await data(s), s);

    // A job queued during an outage is authorized hours later, and its data is served then, as long as it is open.
    central.advance(5 * HOUR);
    const id = jobId();
    const auth = await authorize({ jobId: id, personId: s.id });
    expect(auth.status).toBe(200);
    central.advance(72 * HOUR);
    expect((await data(s)).status).toBe(200);
    // Only the document the job is for, and only on this terminal.
    expectRefused(await data(s, 'kiosk-a', 'transcript', 'en'), s);
    expectRefused(await data(s, 'kiosk-a', 'enrollment'), s);
    expectRefused(await data(s, 'kiosk-b'), s);
    expect((await report(id, auth.json.serial as string, 'printed')).json.results).toEqual([
      { jobId: id, result: 'confirmed' },
    ]);
    expectRefused(await data(s), s);
  });

  it('authorizes new jobs for 24 hours after the lookup; a replay and a staff reprint need none', async () => {
    const s = central.students[2]!;
    await lookup(s);
    const orig = jobId();
    const first = await authorize({ jobId: orig, personId: s.id });
    expect(first.status).toBe(200);
    central.advance(AUTHORIZE_AFTER_LOOKUP_MS - 1000);
    expect((await authorize({ jobId: jobId(), personId: s.id })).status).toBe(200);
    central.advance(2000);
    const late = jobId();
    expectRefused(await authorize({ jobId: late, personId: s.id }), s);
    expect(await central.store.document(late)).toBeNull();

    // Days later: the answer to the first job, lost on the way, is asked for again.
    central.advance(3 * 24 * HOUR);
    expect((await authorize({ jobId: orig, personId: s.id })).json).toEqual(first.json);
    // Staff reprint the first job (its paper never came out), for a student who is long gone: its data comes
    // with the staff grant (that it opens nothing else: security/reprint-abuse.test.ts).
    const again = jobId();
    // The station reports the original cancelled as staff reprint it (queue/attention.ts).
    await report(orig, first.json.serial as string, 'cancelled');
    const staff = await staffReprint(central.store, 'kiosk-a');
    const reprintData = await central.post('/v1/documents/data', {
      personId: s.id,
      kind: 'transcript',
      language: 'zh',
      reprintOf: orig,
      staffGrant: staff.staffGrant,
    });
    expect(reprintData.status).toBe(200);
    const reprint = await authorize({ jobId: again, personId: s.id, reprintOf: orig, ...staff });
    expect(reprint.status).toBe(200);
    // Another terminal cannot reprint it (the original is not its own).
    const there = await staffReprint(central.store, 'kiosk-b');
    expect((await authorize({ jobId: jobId(), personId: s.id, reprintOf: orig, ...there }, 'kiosk-b')).status).toBe(
      409,
    );

    // A new tap binds again.
    await lookup(s);
    expect((await authorize({ jobId: late, personId: s.id })).status).toBe(200);
  });
});

describe('card lookups are stored', () => {
  // Too old to allow anything, they stay until the retention task prunes them (retention.test.ts).
  it('survive a restart of central, and stop counting once too old', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estation-lookups-'));
    let now = Date.parse('2026-03-02T08:00:00Z');
    const open = () => new SqliteCentralStore(join(dir, 'central.sqlite'), { now: () => new Date(now) });
    try {
      let store = open();
      await store.recordCardLookup('k', 'S00001');
      await store.close();
      store = open();
      expect(await store.cardLookedUp('k', 'S00001', AUTHORIZE_AFTER_LOOKUP_MS)).toBe(true);
      expect(await store.cardLookedUp('k2', 'S00001', AUTHORIZE_AFTER_LOOKUP_MS)).toBe(false);
      now += AUTHORIZE_AFTER_LOOKUP_MS + 1;
      await store.recordCardLookup('k', 'S00002');
      expect(await store.cardLookedUp('k', 'S00001', AUTHORIZE_AFTER_LOOKUP_MS)).toBe(false);
      expect(await store.cardLookedUp('k', 'S00002', AUTHORIZE_AFTER_LOOKUP_MS)).toBe(true);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
