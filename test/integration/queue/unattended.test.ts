/**
 * A job that could not reach paper while its student was there (central down, printer out of paper) is
 * not printed into an empty tray when things come back much later: it is cancelled, its report
 * releases the free copies at central, and its record stays. A job someone still waits for, or a
 * young one, prints as usual.
 */
import { describe, expect, it } from 'vitest';
import { until, type TestKiosk, useQueueFixture } from './harness.js';

const q = useQueueFixture('unattended');
const LIMIT_MS = 10 * 60_000;

/** A kiosk whose runner's clock can jump ahead; central is down until `heal()`. */
function kioskWaitingForCentral(awaited: boolean): { k: TestKiosk; jump: (ms: number) => void } {
  let offset = 0;
  const k = q.kiosk({ runner: { unattendedLimitMs: LIMIT_MS, awaited: () => awaited, now: () => new Date(Date.now() + offset) } });
  k.network.set('*', { kind: 'down' });
  return { k, jump: (ms) => (offset += ms) };
}

const freeLeft = async (card: string) => (await q.central.store.lookupCard(card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining;

describe('a job nobody waits for any more', () => {
  it('is cancelled, not printed, when central comes back after the limit; the free copies are released and the record kept', async () => {
    const { k, jump } = kioskWaitingForCentral(false);
    const student = q.nextStudent();
    const before = await freeLeft(student.card);
    const job = q.request(k, student.id);
    await k.runner.kick();
    expect(k.jobs.get(job.id).status).toBe('requested');

    jump(LIMIT_MS + 60_000);
    k.network.heal();
    await k.runner.retryNow();
    const done = k.jobs.get(job.id);
    expect(done.status).toBe('cancelled');
    expect(done.last_error).toMatch(/nobody was at the station/);
    expect(k.printed(job.id)).toHaveLength(0);

    await until(async () => (await k.outbox.flush(), k.jobs.get(job.id).central_confirmed_at !== null), 'central to confirm the cancellation');
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'cancelled', reportCount: 1 });
    expect(await freeLeft(student.card)).toBe(before);
    expect(k.jobs.events(job.id).filter((e) => e.from_status !== e.to_status).map((e) => e.to_status)).toEqual(['requested', 'authorized', 'cancelled']);
  });

  it('prints when its student is still at the station, however long it waited', async () => {
    const { k, jump } = kioskWaitingForCentral(true);
    const job = q.request(k);
    await k.runner.kick();
    jump(LIMIT_MS * 3);
    k.network.heal();
    await k.runner.retryNow();
    expect(k.jobs.get(job.id).status).toBe('printed');
    expect(k.printed(job.id)).toHaveLength(1);
  });

  it('prints when central comes back within the limit, even if the student has gone', async () => {
    const { k, jump } = kioskWaitingForCentral(false);
    const job = q.request(k);
    await k.runner.kick();
    jump(LIMIT_MS - 60_000);
    k.network.heal();
    await k.runner.retryNow();
    expect(k.jobs.get(job.id).status).toBe('printed');
    expect(k.printed(job.id)).toHaveLength(1);
  });
});
