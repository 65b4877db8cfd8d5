/**
 * A job that could not reach paper while its student was there (central down after they committed) is
 * not printed into an empty tray when central comes back much later: it is cancelled, its report
 * releases the free copies at central, and its record stays. A job someone still waits for, one whose
 * student left only a short while ago, and a staff reprint print as usual.
 */
import { describe, expect, it } from 'vitest';
import type { JobRow } from '../../../main/core/job-store.js';
import { reprintAttention } from '../../../main/core/queue/attention.js';
import { TERMINAL, until, type TestKiosk, useQueueFixture } from './harness.js';

const q = useQueueFixture('unattended');
const LIMIT_MS = 10 * 60_000;

/**
 * A kiosk whose runner's clock can jump ahead; central is down until `heal()`. `waitedFor` says who
 * waits for a job, as the kiosk core does: 'now' while the session is on, or when it ended.
 */
function kioskWaitingForCentral(waitedFor: (job: JobRow, now: Date) => 'now' | Date | undefined) {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const k: TestKiosk = q.kiosk({
    runner: { unattendedLimitMs: LIMIT_MS, waitedFor: (job) => waitedFor(job, now()), now },
  });
  k.network.set('*', { kind: 'down' });
  return { k, jump: (ms: number) => (offset += ms) };
}

async function centralBack(k: TestKiosk, job: JobRow): Promise<JobRow> {
  await k.runner.kick();
  expect(k.jobs.get(job.id).status).toBe('requested');
  return job;
}

async function expectPrintedOnceCentralIsBack(k: TestKiosk, job: JobRow): Promise<void> {
  k.network.heal();
  await k.runner.retryNow();
  expect(k.jobs.get(job.id).status).toBe('printed');
  expect(k.printed(job.id)).toHaveLength(1);
}

const freeLeft = async (card: string) =>
  (await q.central.store.lookupCard(card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining;
const transitions = (k: TestKiosk, id: string) =>
  k.jobs
    .events(id)
    .filter((e) => e.from_status !== e.to_status)
    .map((e) => e.to_status);

describe('a job nobody waits for any more', () => {
  it('is cancelled, not printed, when central comes back after the limit; the free copies are released and the record kept', async () => {
    const { k, jump } = kioskWaitingForCentral(() => undefined); // e.g. requested before a restart
    const student = q.nextStudent();
    const before = await freeLeft(student.card);
    const job = await centralBack(k, q.request(k, student.id));

    jump(LIMIT_MS + 60_000);
    k.network.heal();
    await k.runner.retryNow();
    const done = k.jobs.get(job.id);
    expect(done.status).toBe('cancelled');
    expect(done.last_error).toMatch(/nobody had waited for it/);
    expect(k.printed(job.id)).toHaveLength(0);

    await until(
      async () => (await k.outbox.flush(), k.jobs.get(job.id).central_confirmed_at !== null),
      'central to confirm the cancellation',
    );
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'cancelled', reportCount: 1 });
    expect(await freeLeft(student.card)).toBe(before);
    expect(transitions(k, job.id)).toEqual(['requested', 'authorized', 'cancelled']);
  });

  it('prints when its student is still at the station, however long it waited', async () => {
    const { k, jump } = kioskWaitingForCentral(() => 'now');
    const job = await centralBack(k, q.request(k));
    jump(LIMIT_MS * 3);
    await expectPrintedOnceCentralIsBack(k, job);
  });

  it('counts the limit from when the student left, not from the request', async () => {
    const student: { leftAt?: Date } = {};
    const { k, jump } = kioskWaitingForCentral(() => student.leftAt);
    const job = await centralBack(k, q.request(k));
    jump(LIMIT_MS * 2); // the student waited twenty minutes ...
    student.leftAt = new Date(Date.parse(job.created_at) + LIMIT_MS * 2);
    jump(LIMIT_MS - 60_000); // ... then left; central is back nine minutes later
    await expectPrintedOnceCentralIsBack(k, job);
  });

  it('never cancels a staff reprint: staff owe the student that document', async () => {
    const { k, jump } = kioskWaitingForCentral(() => undefined);
    k.network.heal();
    const original = q.request(k);
    await k.runner.kick();
    expect(k.jobs.get(original.id).status).toBe('printed');
    k.jobs.transition(original.id, 'needs_attention', 'the tray was found empty');
    k.network.set('*', { kind: 'down' });
    const { token } = await q.central.store.issueStaffGrant(TERMINAL, 'S00001');
    const reprint = await centralBack(k, reprintAttention(k.jobs, original.id, '马建国', 'paper jam', token));
    jump(LIMIT_MS * 6);
    await expectPrintedOnceCentralIsBack(k, reprint);
  });

  it('prints when central comes back within the limit, even if the student has gone', async () => {
    const { k, jump } = kioskWaitingForCentral(() => undefined);
    const job = await centralBack(k, q.request(k));
    jump(LIMIT_MS - 60_000);
    await expectPrintedOnceCentralIsBack(k, job);
  });
});
