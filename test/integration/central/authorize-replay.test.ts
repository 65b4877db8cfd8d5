/**
 * Authorizing a job is idempotent per job id, so that a kiosk that lost the answer can ask again; the
 * answer carries the document's serial and verification code. Only the terminal that asked first,
 * with the very same request, gets it again: another terminal that learned a job id, or a changed
 * request, is refused (409 job_conflict) and learns nothing about the document.
 */
import { staffReprint } from '../../helpers/staff-grant.js';
import { describe, expect, it } from 'vitest';
import { useCentral, type TestTerminal } from './central-fixture.js';

const central = useCentral();

let seq = 0;
const jobId = () => `0190b000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;

const tapped = new Set<string>();
async function authorize(body: Record<string, unknown>, terminal: TestTerminal = 'kiosk-a') {
  // As a kiosk does: the person's card is looked up on this terminal (once: a tap, then several requests)
  // before a job is authorized for them; more taps than people would meet central's lookup limit.
  const person = central.people.find((p) => p.id === body.personId);
  if (person && !tapped.has(`${terminal}:${person.id}`)) {
    tapped.add(`${terminal}:${person.id}`);
    expect((await central.post('/v1/cards/lookup', { card: person.card }, terminal)).status).toBe(200);
  }
  return central.post('/v1/jobs/authorize', body, terminal);
}

/** Refused as a conflict, without a word of the document: no serial, no verification code. */
function expectConflict(r: Awaited<ReturnType<typeof authorize>>, serial: string, code: string, message: RegExp): void {
  expect(r.status).toBe(409);
  expect(r.json).toEqual({ error: 'job_conflict', message: expect.stringMatching(message) });
  expect(r.text).not.toContain(serial);
  expect(r.text).not.toContain(code);
}

describe('authorizing the same job again', () => {
  it('gives the first answer to the same terminal with the same request', async () => {
    const req = { jobId: jobId(), personId: central.students[0]!.id, kind: 'enrollment', language: 'zh', copies: 1 };
    const first = await authorize(req);
    expect(first.status).toBe(200);
    expect((await authorize(req)).json).toEqual(first.json);
  });

  it('refuses another terminal that sends the job id, and tells it nothing of the document', async () => {
    const s = central.students[1]!;
    const req = { jobId: jobId(), personId: s.id, kind: 'transcript', language: 'en', copies: 1 };
    const first = (await authorize(req)).json as { serial: string; verificationCode: string };
    expectConflict(await authorize(req, 'kiosk-b'), first.serial, first.verificationCode, /another terminal/);
    // The document stays the first terminal's, unchanged, and its replay still works.
    expect(await central.store.document(req.jobId)).toMatchObject({
      terminalId: 'kiosk-a',
      serial: first.serial,
      status: 'authorized',
    });
    expect((await authorize(req)).json).toMatchObject(first);
  });

  it('refuses a replay that adds, drops or changes reprintOf', async () => {
    const s = central.students[2]!;
    const orig = { jobId: jobId(), personId: s.id, kind: 'enrollment', language: 'zh', copies: 1 };
    const o = (await authorize(orig)).json as { serial: string; verificationCode: string };
    // The original job id, sent again as a reprint of something.
    expectConflict(await authorize({ ...orig, reprintOf: jobId() }), o.serial, o.verificationCode, /reprint/);

    const reprint = {
      ...orig,
      jobId: jobId(),
      reprintOf: orig.jobId,
      ...(await staffReprint(central.store, 'kiosk-a')),
    };
    const r = await authorize(reprint);
    expect(r.status).toBe(200);
    const { reprintOf: _dropped, ...plain } = reprint;
    const rr = r.json as { serial: string; verificationCode: string };
    expectConflict(await authorize(plain), rr.serial, rr.verificationCode, /reprint/);
    expectConflict(await authorize({ ...reprint, reprintOf: jobId() }), rr.serial, rr.verificationCode, /reprint/);
    expectConflict(await authorize(reprint, 'kiosk-b'), rr.serial, rr.verificationCode, /another terminal/);
    expect((await authorize(reprint)).json).toEqual(r.json);
  });

  it('refuses a replay for another person, document, language or number of copies', async () => {
    const [s, other] = [central.students[3]!, central.students[4]!];
    const req = { jobId: jobId(), personId: s.id, kind: 'enrollment', language: 'zh', copies: 1 };
    const first = (await authorize(req)).json as { serial: string; verificationCode: string };
    for (const change of [{ personId: other.id }, { kind: 'student-status' }, { language: 'en' }, { copies: 2 }]) {
      expectConflict(
        await authorize({ ...req, ...change }),
        first.serial,
        first.verificationCode,
        /another person, document, language, number of copies or reprint/,
      );
    }
  });
});
