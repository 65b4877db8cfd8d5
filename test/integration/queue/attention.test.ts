/**
 * Staff settling what the kiosk could not: a job that needs attention was printed after all, or not;
 * a flag central raised is acknowledged. Central gets the matching report either way.
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledgeFlag,
  AttentionResolutionError,
  reprintAttention,
  resolveAttention,
} from '../../../main/core/queue/attention.js';
import { WAITING_FOR_STAFF_GRANT } from '../../../main/core/queue/reprint-staff.js';
import { TERMINAL, type TestKiosk, useQueueFixture } from './harness.js';
import { authorizeAtCentral } from '../../helpers/authorized-job.js';

const q = useQueueFixture('staff', 'en');
let kiosk: TestKiosk | null = null;

/** The student's free enrollment certificates left this term, as central counts them. */
const freeCopiesOf = (personId: string) => async () => {
  const card = q.central.people.find((p) => p.id === personId)!.card;
  return (await q.central.store.lookupCard(card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining!;
};

describe('staff settling jobs that need attention', () => {
  const stuck = async (k: TestKiosk) => {
    const job = q.request(k);
    const auth = await authorizeAtCentral(q.central.store, job);
    k.jobs.transition(job.id, 'authorized', null, { serial: auth.serial, pages: 1 });
    for (const s of ['rendered', 'submitted', 'needs_attention'] as const) k.jobs.transition(job.id, s);
    return job;
  };

  it('reports a job staff saw printed, so central counts it once', async () => {
    kiosk = q.kiosk();
    const job = await stuck(kiosk);
    resolveAttention(kiosk.jobs, job.id, 'printed', 'T00001', 'paper found in the tray');
    await kiosk.outbox.flush();
    expect(kiosk.jobs.get(job.id).status).toBe('confirmed');
    expect(
      kiosk.jobs.events(job.id).some((e) => e.detail === 'confirmed printed by staff T00001: paper found in the tray'),
    ).toBe(true);
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'printed', reportCount: 1 });
  });

  it('cancels a job staff know was not printed, and central gives the free copy back', async () => {
    kiosk = q.kiosk();
    const job = await stuck(kiosk);
    const freeLeft = freeCopiesOf(job.person_id);
    const before = await freeLeft();
    resolveAttention(kiosk.jobs, job.id, 'cancelled', 'T00002', 'student_left');
    await kiosk.outbox.flush();
    expect(kiosk.jobs.get(job.id)).toMatchObject({ status: 'cancelled', central_confirmed_at: expect.any(String) });
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'cancelled', reportCount: 1 });
    expect(await freeLeft()).toBe(before + 1);
  });

  it('reprints once, charging the student nothing more, even when asked twice or after a crash between the steps', async () => {
    kiosk = q.kiosk();
    const job = await stuck(kiosk);
    const freeLeft = freeCopiesOf(job.person_id);
    const before = await freeLeft();
    // A crash after the new job was created but before the original was cancelled: staff tap again.
    const early = kiosk.jobs.create({
      idempotencyKey: `reprint:${job.id}`,
      terminalId: TERMINAL,
      personId: job.person_id,
      kind: 'enrollment',
      language: 'en',
      copies: 1,
      reprintOf: job.id,
    }).job;
    // The staff member's PIN check gave this station a grant (central checks it: issue #12, finding 7).
    const { token } = await q.central.store.issueStaffGrant(TERMINAL, 'T00001');
    const next = reprintAttention(kiosk.jobs, job.id, 'T00001', 'not_printed', token);
    expect(next.id).toBe(early.id);
    expect(next.reprint_of).toBe(job.id);
    expect(kiosk.jobs.get(job.id).status).toBe('cancelled');
    expect(() => reprintAttention(kiosk!.jobs, job.id, 'T00001', 'not_printed')).toThrow(
      /cancelled, not waiting for staff/,
    );

    await kiosk.runner.kick();
    await kiosk.outbox.flush();
    expect(kiosk.jobs.get(next.id).status).toBe('confirmed');
    expect(await q.central.store.document(next.id)).toMatchObject({
      status: 'printed',
      reportCount: 1,
      reprintOf: job.id,
    });
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'cancelled', reprintedAs: next.id });
    expect(await freeLeft()).toBe(before);
  });

  it('a reprint made offline waits for staff, and goes on with the grant of the staff member who acknowledges it', async () => {
    kiosk = q.kiosk();
    const job = await stuck(kiosk);
    // Maintenance mode opened with the cached staff credentials: central granted nothing.
    const next = reprintAttention(kiosk.jobs, job.id, 'T00001', 'paper_jam');
    await kiosk.runner.kick();
    expect(kiosk.jobs.get(next.id)).toMatchObject({ status: 'requested', flag: WAITING_FOR_STAFF_GRANT });
    expect(await q.central.store.document(next.id)).toBeNull();
    // Without central's grant the flag stays: the reprint is not sent on an offline staff check.
    expect(() => acknowledgeFlag(kiosk!.jobs, next.id, 'T00001', 'other')).toThrow(/staff PIN checked by central/);
    const { token } = await q.central.store.issueStaffGrant(TERMINAL, 'T00001');
    acknowledgeFlag(kiosk.jobs, next.id, 'T00001', 'other', token);
    await kiosk.runner.kick();
    await kiosk.outbox.flush();
    expect(kiosk.jobs.get(next.id)).toMatchObject({ status: 'confirmed', flag: null });
    expect(await q.central.store.document(next.id)).toMatchObject({ status: 'printed', reprintOf: job.id });
  });

  it('a reprint whose grant expired while central was away waits for staff instead of failing', async () => {
    kiosk = q.kiosk();
    const job = await stuck(kiosk);
    const { token } = await q.central.store.issueStaffGrant(TERMINAL, 'T00001');
    const next = reprintAttention(kiosk.jobs, job.id, 'T00001', 'paper_jam', token);
    // Central was unreachable for longer than a grant lives: it has expired when the job reaches central.
    q.central.store.db.prepare('UPDATE staff_grants SET expires_ms = 0').run();
    await kiosk.runner.kick();
    expect(kiosk.jobs.get(next.id)).toMatchObject({ status: 'requested', flag: WAITING_FOR_STAFF_GRANT });
    expect(await q.central.store.document(next.id)).toBeNull();
    const fresh = await q.central.store.issueStaffGrant(TERMINAL, 'T00002');
    acknowledgeFlag(kiosk.jobs, next.id, 'T00002', 'other', fresh.token);
    await kiosk.runner.kick();
    expect(kiosk.jobs.get(next.id).status).not.toBe('requested');
    expect(q.central.store.db.prepare('SELECT reprint_staff_id FROM documents WHERE job_id = ?').get(next.id)).toEqual({
      reprint_staff_id: 'T00002',
    });
  });

  it('refuses to settle a job that is not waiting for staff, and acknowledges flags', async () => {
    kiosk = q.kiosk();
    const job = q.request(kiosk);
    expect(() => resolveAttention(kiosk!.jobs, job.id, 'printed', 'T00001', 'other')).toThrow(AttentionResolutionError);
    expect(() => reprintAttention(kiosk!.jobs, job.id, 'T00001', 'other')).toThrow(/not waiting for staff/);
    expect(() => resolveAttention(kiosk!.jobs, 'no-such-job', 'printed', 'T00001', 'other')).toThrow(
      /No job no-such-job/,
    );
    expect(kiosk.jobs.get(job.id).status).toBe('requested');
    kiosk.jobs.transition(job.id, 'failed');
    kiosk.jobs.flag(job.id, 'central rejected the failed report: unknown_job');
    expect(kiosk.jobs.attention().map((j) => j.id)).toEqual([job.id]);
    acknowledgeFlag(kiosk.jobs, job.id, 'T00001', 'other');
    expect(kiosk.jobs.attention()).toEqual([]);
    expect(kiosk.jobs.events(job.id).at(-1)!.detail).toBe(
      'flag acknowledged by staff T00001: other (was: central rejected the failed report: unknown_job)',
    );
    expect(() => acknowledgeFlag(kiosk!.jobs, job.id, 'T00001', 'other')).toThrow(/no flag/);
  });
});
