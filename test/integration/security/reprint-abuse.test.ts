/**
 * Attack (issue #12, finding 7): one original plus 5 chained reprints gave 6 serials, all free; a
 * reprint in another language was accepted; a reprint succeeded with no card lookup on record and then
 * unlocked that student's transcript data. Now a reprint is a staff action central checks: it needs a
 * live staff grant of this terminal (from /v1/staff/verify) and a reason; it is of an original only
 * (never of a reprint), once, in the original's kind and language; and it never opens the person's data.
 * Real HTTP against a central started here.
 */
import { describe, expect, it } from 'vitest';
import { dataDigest } from '../../../lib/canonical-json.js';
import { DATA_AFTER_LOOKUP_MS } from '../../../central/domain/card-binding.js';
import { STAFF_GRANT_MS } from '../../../central/domain/staff-grant.js';
import { useCentral, type TestTerminal } from '../central/central-fixture.js';

const central = useCentral();
const staff = () => central.people.find((p) => p.pin && p.role !== 'teacher') ?? central.people.find((p) => p.pin)!;
let next = 0;
/** A student of its own per test: card lookups and documents of one test never help another. */
const student = () => central.students[next++]!;

async function grantFor(terminal: TestTerminal): Promise<string> {
  const s = staff();
  const answer = await central.post('/v1/staff/verify', { card: s.card, pin: s.pin }, terminal);
  expect(answer.json).toMatchObject({ ok: true, grant: { token: expect.any(String) } });
  return (answer.json.grant as { token: string }).token;
}

const lookUp = (card: string, terminal: TestTerminal = 'kiosk-a') =>
  central.post('/v1/cards/lookup', { card }, terminal);

const authorize = (
  personId: string,
  jobId: string,
  extra: {
    reprintOf?: string;
    staffGrant?: string;
    reason?: string;
    language?: 'zh' | 'en';
    kind?: string;
    dataDigest?: string;
  } = {},
  terminal: TestTerminal = 'kiosk-a',
) =>
  central.post(
    '/v1/jobs/authorize',
    { jobId, personId, kind: extra.kind ?? 'enrollment', language: extra.language ?? 'zh', copies: 1, ...extra },
    terminal,
  );

const serialsOf = (personId: string) =>
  (central.store.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE person_id = ?').get(personId) as { n: number })
    .n;

describe('reprint abuse (issue #12, finding 7)', () => {
  it('reprint without a staff credential: refused with staff_required, nothing issued', async () => {
    const s = student();
    await lookUp(s.card);
    expect((await authorize(s.id, 'nocred-orig')).status).toBe(200);
    const res = await authorize(s.id, 'nocred-reprint', { reprintOf: 'nocred-orig', reason: 'paper_jam' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'staff_required' });
    expect(res.json.message).toMatch(/carries no staff grant.*A reprint is a staff action/);
    // Nor with a made-up grant, nor with a grant and no reason.
    const forged = await authorize(s.id, 'nocred-reprint', {
      reprintOf: 'nocred-orig',
      staffGrant: 'x'.repeat(43),
      reason: 'paper_jam',
    });
    expect(forged.json).toMatchObject({ error: 'staff_required', message: expect.stringMatching(/not one central/) });
    const noReason = await authorize(s.id, 'nocred-reprint', {
      reprintOf: 'nocred-orig',
      staffGrant: await grantFor('kiosk-a'),
    });
    expect(noReason.json).toMatchObject({ error: 'staff_required', message: expect.stringMatching(/no reason/) });
    expect(serialsOf(s.id)).toBe(1);
  });

  it("reprint with another terminal's grant: refused", async () => {
    const s = student();
    await lookUp(s.card);
    await authorize(s.id, 'other-orig');
    const res = await authorize(s.id, 'other-reprint', {
      reprintOf: 'other-orig',
      staffGrant: await grantFor('kiosk-b'),
      reason: 'paper_jam',
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'staff_required', message: expect.stringMatching(/another terminal/) });
    expect(serialsOf(s.id)).toBe(1);
  });

  it('reprint with an expired grant: refused; a fresh staff check then reprints, recording who and why', async () => {
    const s = student();
    await lookUp(s.card);
    await authorize(s.id, 'expired-orig');
    const old = await grantFor('kiosk-a');
    central.advance(STAFF_GRANT_MS + 1000);
    const res = await authorize(s.id, 'expired-reprint', {
      reprintOf: 'expired-orig',
      staffGrant: old,
      reason: 'paper_jam',
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'staff_required', message: expect.stringMatching(/expired/) });

    const ok = await authorize(s.id, 'expired-reprint', {
      reprintOf: 'expired-orig',
      staffGrant: await grantFor('kiosk-a'),
      reason: 'paper_jam',
    });
    expect(ok.status).toBe(200);
    expect(
      central.store.db
        .prepare('SELECT reprint_staff_id, reprint_reason FROM documents WHERE job_id = ?')
        .get('expired-reprint'),
    ).toEqual({ reprint_staff_id: staff().id, reprint_reason: 'paper_jam' });
    // Grants are kept hashed: the token itself is nowhere in the database.
    const rows = central.store.db.prepare('SELECT token_sha256 FROM staff_grants').all() as { token_sha256: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_sha256 === old)).toBe(false);
  });

  it('reprint used to unlock transcript data: a reprint authorization opens nothing, and it keeps the original snapshot', async () => {
    const s = student();
    await lookUp(s.card);
    const data = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    expect(data.status).toBe(200);
    const digest = dataDigest(data.json.data as Record<string, unknown>);
    const orig = await authorize(s.id, 'unlock-orig', { kind: 'transcript', language: 'en' });
    expect(orig.status).toBe(200);
    // The original never printed (cancelled); the student's session is long over.
    await central.post('/v1/jobs/report', {
      reports: [
        {
          jobId: 'unlock-orig',
          serial: orig.json.serial,
          outcome: 'cancelled',
          copies: 1,
          pages: 0,
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    central.advance(DATA_AFTER_LOOKUP_MS + 60_000);
    const before = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    expect(before.status).toBe(403);

    // The reprint's data comes with a staff grant, for that original only: the original's snapshot (seal put back).
    const grant = await grantFor('kiosk-a');
    const ask = { personId: s.id, kind: 'transcript', language: 'en', reprintOf: 'unlock-orig' };
    expect(await central.post('/v1/documents/data', ask)).toMatchObject({
      status: 403,
      json: { error: 'staff_required' },
    });
    const elsewhere = await central.post('/v1/documents/data', { ...ask, staffGrant: await grantFor('kiosk-b') });
    expect(elsewhere).toMatchObject({ status: 403, json: { error: 'staff_required' } });
    const again = await central.post('/v1/documents/data', { ...ask, staffGrant: grant });
    expect(again.status).toBe(200);
    expect(dataDigest(again.json.data as Record<string, unknown>)).toBe(digest);
    // Not another kind or language of that person.
    const other = await central.post('/v1/documents/data', { ...ask, kind: 'enrollment', staffGrant: grant });
    expect(other).toMatchObject({ status: 409, json: { error: 'job_conflict' } });

    const reprint = await authorize(s.id, 'unlock-reprint', {
      kind: 'transcript',
      language: 'en',
      reprintOf: 'unlock-orig',
      staffGrant: grant,
      reason: 'printed_badly',
      dataDigest: digest,
    });
    expect(reprint.status).toBe(200);
    // The authorized reprint does not open the student's data (it used to: "an authorized job of this terminal").
    const after = await central.post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    expect(after.status).toBe(403);
    expect(after.json).toMatchObject({ error: 'no_card_lookup' });
    // Nor, once reprinted, with the grant.
    expect((await central.post('/v1/documents/data', { ...ask, staffGrant: grant })).status).toBe(409);
    // It certifies what the original did: the original's snapshot, not today's records.
    const snaps = central.store.db
      .prepare("SELECT job_id, snapshot, data_digest FROM documents WHERE job_id IN ('unlock-orig', 'unlock-reprint')")
      .all() as { snapshot: string; data_digest: string }[];
    expect(snaps[0]!.snapshot).toBe(snaps[1]!.snapshot);
    expect(snaps[1]!.data_digest).toBe(digest);
  });

  it('chained reprints: a reprint of a reprint is refused, so one original gives at most two serials', async () => {
    const s = student();
    await lookUp(s.card);
    const grant = { staffGrant: await grantFor('kiosk-a'), reason: 'paper_jam' };
    await authorize(s.id, 'chain-orig');
    expect((await authorize(s.id, 'chain-1', { reprintOf: 'chain-orig', ...grant })).status).toBe(200);
    const chained = await authorize(s.id, 'chain-2', { reprintOf: 'chain-1', ...grant });
    expect(chained).toMatchObject({ status: 409, json: { error: 'job_conflict' } });
    expect(chained.json.message).toMatch(/itself a reprint of chain-orig/);
    // Nor a second reprint of the same original.
    const second = await authorize(s.id, 'chain-3', { reprintOf: 'chain-orig', ...grant });
    expect(second.json.message).toMatch(/already reprinted as chain-1/);
    expect(serialsOf(s.id)).toBe(2);
  });

  it('a reprint in another language is refused: it would issue (and unlock) a document the student never asked for', async () => {
    const s = student();
    await lookUp(s.card);
    await authorize(s.id, 'lang-zh');
    const res = await authorize(s.id, 'lang-en', {
      reprintOf: 'lang-zh',
      language: 'en',
      staffGrant: await grantFor('kiosk-a'),
      reason: 'paper_jam',
    });
    expect(res.json.message).toMatch(/original is in zh; a reprint is in the original's language/);
    expect(serialsOf(s.id)).toBe(1);
    expect(await central.store.hasAuthorizedDocument('kiosk-a', s.id, 'enrollment', 'en')).toBe(false);
  });
});
