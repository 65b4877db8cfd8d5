/**
 * The outbox against the real central when reports are refused with 400: a gateway (or a broken
 * central) that 400s every batch, a central whose contract refuses a field every report carries, and a
 * central that names one bad report. Only a report central names, sent alone, goes to staff.
 */
import { describe, expect, it } from 'vitest';
import { until, type TestKiosk, useQueueFixture } from './harness.js';

const q = useQueueFixture('o400');

const status = (k: TestKiosk, id: string) => k.jobs.get(id).status;
const printedJobs = async (k: TestKiosk, n: number) => {
  const jobs = Array.from({ length: n }, () => q.request(k));
  await until(
    async () => (await k.runner.kick(), jobs.every((j) => status(k, j.id) === 'printed')),
    'the jobs to print',
  );
  return jobs;
};

describe('outbox: central refuses reports with 400', () => {
  it('keeps every report while a gateway answers 400 to every batch, and delivers them once it is fixed', async () => {
    const k = q.kiosk({ outbox: { baseDelayMs: 60_000, maxDelayMs: 600_000, random: () => 0.5 } });
    const jobs = await printedJobs(k, 3);
    k.network.set('reportJobs', { kind: 'http', status: 400 });
    expect(await k.outbox.flush()).toBe(0);
    await k.outbox.resume();
    expect(k.network.count('reportJobs')).toBe(2);
    for (const j of jobs) expect(k.jobs.get(j.id)).toMatchObject({ status: 'reported', flag: null });
    expect(k.jobs.attention()).toEqual([]);
    expect(k.outbox.status()).toMatchObject({ backlog: 3, failures: 2 });
    expect(k.logLines.some((l) => l.includes('"level":"error"') && l.includes('compatible versions'))).toBe(true);

    k.network.heal();
    expect(await k.outbox.resume()).toBe(3);
    for (const j of jobs) {
      expect(status(k, j.id)).toBe('confirmed');
      expect(await q.central.store.document(j.id)).toMatchObject({ status: 'printed', reportCount: 1 });
    }
  });

  it('keeps every report when central names every report of a batch (this kiosk sends a field central does not know yet)', async () => {
    const k = q.kiosk({ outbox: { baseDelayMs: 60_000, maxDelayMs: 600_000, random: () => 0.5 } });
    const jobs = await printedJobs(k, 3);
    k.db.prepare("UPDATE outbox SET payload = json_set(payload, '$.paperTray', 2)").run();
    expect(await k.outbox.flush()).toBe(0);
    expect(k.network.count('reportJobs')).toBe(1);
    for (const j of jobs) expect(k.jobs.get(j.id)).toMatchObject({ status: 'reported', flag: null });
    expect(k.outbox.status()).toMatchObject({ backlog: 3, failures: 1 });
    expect(
      k.logLines.some(
        (l) => l.includes('"level":"error"') && l.includes('compatible versions') && l.includes('reports.2'),
      ),
    ).toBe(true);
  });

  it('hands only the report central names to staff, and delivers the others', async () => {
    const k = q.kiosk();
    const jobs = await printedJobs(k, 4);
    const bad = jobs[2]!;
    // A report central's contract cannot accept (an over-long detail).
    k.db
      .prepare("UPDATE outbox SET payload = json_set(payload, '$.detail', ?) WHERE job_id = ?")
      .run('x'.repeat(600), bad.id);
    expect(await k.outbox.flush()).toBe(4);
    expect(k.jobs.get(bad.id)).toMatchObject({
      status: 'needs_attention',
      flag: expect.stringMatching(/malformed: detail: /),
    });
    expect(k.jobs.attention().map((j) => j.id)).toEqual([bad.id]);
    for (const j of jobs.filter((j) => j !== bad)) expect(status(k, j.id)).toBe('confirmed');
    // The refused batch, the three others together, the named one alone.
    expect(k.network.count('reportJobs')).toBe(3);
    expect(k.outbox.status()).toMatchObject({ backlog: 0, failures: 0 });
  });
});
