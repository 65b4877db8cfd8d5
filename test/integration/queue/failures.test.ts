/**
 * What the queue does when central misbehaves: down, 5xx, slow, answer lost after commit, lying.
 * Against the real central server on loopback, with a real job database file and the file printer.
 */
import { describe, expect, it } from 'vitest';
import { acknowledgeFlag } from '../../../main/core/queue/attention.js';
import { TERMINAL, until, type TestKiosk, useQueueFixture } from './harness.js';

const q = useQueueFixture('req');
let kiosk: TestKiosk | null = null;

const status = (k: TestKiosk, id: string) => k.jobs.get(id).status;

describe('central down or timing out', () => {
  it('keeps printing a job whose data is already fetched, holds the report, and drains it when central is back', async () => {
    // Central goes away right after the document data arrived (the job is rendered from memory).
    let firstRendered = false;
    kiosk = q.kiosk({
      // Long backoff: only `retryNow()` (central is back) moves the waiting job on in this test.
      runner: { retryMs: 60_000, maxRetryMs: 60_000, random: () => 1 },
      checkpoint: (step) => {
        if (step !== 'rendered' || firstRendered) return;
        firstRendered = true;
        kiosk!.network.set('*', { kind: 'down' });
      },
    });
    const k = kiosk;
    const job = q.request(k);
    await k.runner.kick();
    expect(status(k, job.id)).toBe('printed');
    expect(k.printed(job.id)).toHaveLength(1);

    expect(await k.outbox.flush()).toBe(0);
    expect(status(k, job.id)).toBe('reported');
    expect(k.outbox.status()).toMatchObject({ backlog: 1, failures: 1 });
    expect(k.outbox.status().oldestAgeS).toEqual(expect.any(Number));
    expect((await q.central.store.document(job.id))!.reportCount).toBe(0);

    // A new request while central is down waits (it is not failed) ...
    const waiting = q.request(k);
    await k.runner.kick();
    expect(status(k, waiting.id)).toBe('requested');
    expect(k.jobs.get(waiting.id).last_error).toMatch(/unavailable/);

    // ... and everything completes once central is back.
    k.network.heal();
    await until(
      async () => (await k.outbox.resume(), status(k, job.id) === 'confirmed'),
      'the held report to be confirmed',
    );
    await k.runner.retryNow();
    expect(status(k, waiting.id)).toBe('printed');
    await until(async () => (await k.outbox.resume(), status(k, waiting.id) === 'confirmed'), 'the second report');
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'printed', reportCount: 1 });
    expect(k.outbox.status()).toMatchObject({ backlog: 0, oldestAgeS: null, failures: 0 });
    expect(k.printed(job.id)).toHaveLength(1);
    expect(k.printed(waiting.id)).toHaveLength(1);
  });

  it('times out on a central that does not answer, and completes later without doubling anything', async () => {
    kiosk = q.kiosk({ timeoutMs: 200 });
    const k = kiosk;
    k.network.set('*', { kind: 'slow', ms: 5000 });
    const job = q.request(k);
    await k.runner.kick();
    expect(status(k, job.id)).toBe('requested'); // authorize timed out; central may have authorized it
    expect(k.jobs.events(job.id).some((e) => /no (complete )?answer within 200 ms/.test(e.detail ?? ''))).toBe(true);
    k.network.heal();
    await until(async () => (await k.runner.kick(), status(k, job.id) === 'printed'), 'the job to print');
    k.network.set('reportJobs', { kind: 'slow', ms: 5000 });
    await k.outbox.flush();
    expect(status(k, job.id)).toBe('reported');
    k.network.heal();
    await until(async () => (await k.outbox.resume(), status(k, job.id) === 'confirmed'), 'confirmation');
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'printed', reportCount: 1 });
    expect(k.printed(job.id)).toHaveLength(1);
  });

  it('backs off while central stays down, instead of hammering it', async () => {
    kiosk = q.kiosk({ outbox: { baseDelayMs: 60_000, maxDelayMs: 600_000, random: () => 0.5 } });
    const k = kiosk;
    const job = q.request(k);
    await k.runner.kick();
    k.network.set('reportJobs', { kind: 'down' });
    await k.outbox.flush();
    expect(k.network.count('reportJobs')).toBe(1);
    expect(k.outbox.status().pausedUntil).toBeGreaterThan(Date.now() + 20_000);
    // Flushing during the pause does not call central, and the report waits on disk with its attempt count.
    await k.outbox.flush();
    await k.outbox.flush();
    expect(k.network.count('reportJobs')).toBe(1);
    expect(k.jobs.dueReports(10)).toEqual([]);
    expect(k.jobs.dueReports(10, Date.now() + 60_000)[0]!.attempts).toBe(1);
    // Each further failure doubles the window (full jitter at 0.5 gives half of it), up to the cap.
    const pauses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      await k.outbox.resume();
      pauses.push(k.outbox.status().pausedUntil! - before);
    }
    expect(k.network.count('reportJobs')).toBe(6);
    expect(k.outbox.status().failures).toBe(6);
    expect(pauses[0]).toBeGreaterThanOrEqual(60_000 - 1000);
    expect(pauses[1]).toBeGreaterThanOrEqual(120_000 - 1000);
    expect(pauses.at(-1)).toBeLessThanOrEqual(300_000 + 1000);
    expect(status(k, job.id)).toBe('reported');
  });
});

describe('outbox retrying by itself', () => {
  it('delivers held reports without being asked once central is back', async () => {
    kiosk = q.kiosk({ outbox: { autoRetry: true, baseDelayMs: 20, maxDelayMs: 200 } });
    const k = kiosk;
    const job = q.request(k);
    await k.runner.kick();
    k.network.set('reportJobs', { kind: 'down' });
    await k.outbox.flush();
    expect(k.outbox.status().backlog).toBe(1);
    await until(() => k.network.count('reportJobs') >= 3, 'retries on its own');
    k.network.heal();
    await until(() => status(k, job.id) === 'confirmed', 'the report to be confirmed');
    expect(await q.central.store.document(job.id)).toMatchObject({ reportCount: 1 });
  });
});

describe('central failing or losing answers', () => {
  it('survives 5xx answers: nothing lost, nothing counted twice', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    k.network.set('authorizeJob', { kind: 'http', status: 503 });
    const job = q.request(k);
    await k.runner.kick();
    expect(status(k, job.id)).toBe('requested');
    k.network.set('authorizeJob', null);
    await until(async () => (await k.runner.kick(), status(k, job.id) === 'printed'), 'the job to print');
    k.network.set('reportJobs', { kind: 'http', status: 500 });
    await k.outbox.flush();
    await k.outbox.resume();
    expect(status(k, job.id)).toBe('reported');
    k.network.heal();
    await until(async () => (await k.outbox.resume(), status(k, job.id) === 'confirmed'), 'confirmation');
    expect(await q.central.store.document(job.id)).toMatchObject({ reportCount: 1 });
  });

  it('an authorization whose answer was lost is asked again and gets the same serial, reserving the quota once', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const person = q.nextStudent();
    const freeLeft = async () =>
      (await q.central.store.lookupCard(person.card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining;
    const before = await freeLeft();
    k.network.set('authorizeJob', { kind: 'lose-answer' });
    const job = q.request(k, person.id);
    await k.runner.kick();
    expect(status(k, job.id)).toBe('requested');
    const issued = await q.central.store.document(job.id);
    expect(issued).not.toBeNull(); // central did authorize it
    k.network.heal();
    await until(async () => (await k.runner.kick(), status(k, job.id) === 'printed'), 'the job to print');
    expect(k.jobs.get(job.id).serial).toBe(issued!.serial);
    expect(await freeLeft()).toBe(before! - 1);
    expect(k.printed(job.id)).toHaveLength(1);
  });

  it('a report whose answer was lost after central counted it is sent again, confirmed, and counted once', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const jobs = [q.request(k), q.request(k), q.request(k)];
    await until(async () => (await k.runner.kick(), jobs.every((j) => status(k, j.id) === 'printed')), 'jobs to print');
    k.network.set('reportJobs', { kind: 'lose-answer' });
    await k.outbox.flush();
    for (const j of jobs) {
      expect(status(k, j.id)).toBe('reported');
      expect(await q.central.store.document(j.id)).toMatchObject({ status: 'printed', reportCount: 1 });
    }
    k.network.heal();
    await until(
      async () => (await k.outbox.resume(), jobs.every((j) => status(k, j.id) === 'confirmed')),
      'confirmations',
    );
    for (const j of jobs) expect(await q.central.store.document(j.id)).toMatchObject({ reportCount: 1 });
    expect(k.network.count('reportJobs')).toBe(2);
  });
});

describe('central contradicting the local record', () => {
  const printedJob = async (k: TestKiosk) => {
    const job = q.request(k);
    await until(async () => (await k.runner.kick(), status(k, job.id) === 'printed'), 'the job to print');
    return job;
  };

  it('flags a job central does not know (e.g. restored from an old backup), logs it and keeps it', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const job = await printedJob(k);
    q.central.store.db.prepare('DELETE FROM documents WHERE job_id = ?').run(job.id);
    await k.outbox.flush();
    const row = k.jobs.get(job.id);
    expect(row).toMatchObject({ status: 'needs_attention', flag: expect.stringMatching(/unknown_job/) });
    expect(k.jobs.attention().map((j) => j.id)).toContain(job.id);
    expect(k.jobs.events(job.id).at(-1)!.detail).toMatch(/central rejected the printed report: unknown_job/);
    expect(
      k.logLines.some((l) => l.includes('"level":"error"') && l.includes(job.id) && l.includes('unknown_job')),
    ).toBe(true);
    expect(k.outbox.status().backlog).toBe(0);
  });

  it('flags a job whose serial central has differently', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const job = await printedJob(k);
    const other = await printedJob(k);
    q.central.store.db.prepare("UPDATE documents SET serial = 'DU-1999-000000' WHERE job_id = ?").run(job.id);
    await k.outbox.flush();
    expect(k.jobs.get(job.id)).toMatchObject({
      status: 'needs_attention',
      flag: expect.stringMatching(/serial_mismatch/),
    });
    expect(status(k, other.id)).toBe('confirmed');
    expect(k.printed(job.id)).toHaveLength(1);
  });

  it('refuses to print when central keeps authorizing a different job than asked, and hands the job to staff', async () => {
    kiosk = q.kiosk({ runner: { maxBadAnswers: 3 } });
    const k = kiosk;
    k.network.set('authorizeJob', { kind: 'rewrite', fn: (json) => ({ ...json, jobId: 'somebody-else' }) });
    const job = q.request(k);
    await until(async () => (await k.runner.kick(), status(k, job.id) !== 'requested'), 'the job to go to staff');
    expect(k.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      serial: null,
      flag: expect.stringMatching(/somebody-else.*central may hold an authorization/),
    });
    expect(k.network.count('authorizeJob')).toBe(3);
    expect(k.printed(job.id)).toHaveLength(0);
  });

  it('treats a malformed answer as a failure to retry, not as a confirmation', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const job = await printedJob(k);
    k.network.set('reportJobs', { kind: 'rewrite', fn: () => ({ confirmed: 'everything' }) });
    await k.outbox.flush();
    expect(status(k, job.id)).toBe('reported');
    expect(k.outbox.status().backlog).toBe(1);
    k.network.heal();
    await until(async () => (await k.outbox.resume(), status(k, job.id) === 'confirmed'), 'confirmation');
  });

  it('isolates a report central refuses as malformed, flags that job, and delivers the others', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const good = [await printedJob(k), await printedJob(k), await printedJob(k)];
    const bad = good[1]!;
    // A report central's contract cannot accept (here: an over-long detail written by an older kiosk).
    k.db
      .prepare("UPDATE outbox SET payload = json_set(payload, '$.detail', ?) WHERE job_id = ?")
      .run('x'.repeat(600), bad.id);
    await k.outbox.flush();
    expect(k.jobs.get(bad.id)).toMatchObject({ status: 'needs_attention', flag: expect.stringMatching(/malformed/) });
    for (const j of [good[0]!, good[2]!]) expect(status(k, j.id)).toBe('confirmed');
    expect(k.outbox.status().backlog).toBe(0);
  });
});

describe('central committing an authorization but answering against the contract', () => {
  const freeLeft = (personId: string) => async () => {
    const card = q.central.people.find((p) => p.id === personId)!.card;
    return (await q.central.store.lookupCard(card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining!;
  };

  it.each([
    ['cut off half-way', { kind: 'garble', fn: (text: string) => text.slice(0, Math.floor(text.length / 2)) }],
    ['of the wrong shape', { kind: 'rewrite', fn: (json: Record<string, unknown>) => ({ ...json, issuedAt: 42 }) }],
    [
      'for another job',
      { kind: 'rewrite', fn: (json: Record<string, unknown>) => ({ ...json, jobId: 'somebody-else' }) },
    ],
  ] as const)(
    'asks again after an answer %s, prints under central’s serial, and central counts the job once',
    async (_what, fault) => {
      kiosk = q.kiosk();
      const k = kiosk;
      const person = q.nextStudent();
      const before = await freeLeft(person.id)();
      k.network.set('authorizeJob', fault);
      const job = q.request(k, person.id);
      await k.runner.kick();
      // Central committed the authorization; the kiosk waits and asks again instead of failing the job.
      expect(await q.central.store.document(job.id)).toMatchObject({ status: 'authorized' });
      expect(k.jobs.get(job.id)).toMatchObject({
        status: 'requested',
        flag: null,
        last_error: expect.stringMatching(/Central answered something unexpected/),
      });
      k.network.heal();
      await until(async () => (await k.runner.kick(), status(k, job.id) === 'printed'), 'the job to print');
      const issued = await q.central.store.document(job.id);
      expect(k.jobs.get(job.id).serial).toBe(issued!.serial);
      await until(
        async () => (await k.outbox.resume(), status(k, job.id) === 'confirmed'),
        'the report to be confirmed',
      );
      expect(await q.central.store.document(job.id)).toMatchObject({ status: 'printed', reportCount: 1 });
      expect(await freeLeft(person.id)()).toBe(before - 1);
      expect(k.printed(job.id)).toHaveLength(1);
    },
  );

  it('hands the job to staff after repeated bad answers: failed and flagged in one step, nothing printed, kept until staff settle it', async () => {
    kiosk = q.kiosk({ runner: { maxBadAnswers: 3 } });
    const k = kiosk;
    k.network.set('authorizeJob', { kind: 'garble', fn: (text) => text.slice(0, 10) });
    const job = q.request(k);
    await until(async () => (await k.runner.kick(), status(k, job.id) !== 'requested'), 'the job to go to staff');
    expect(k.network.count('authorizeJob')).toBe(3);
    const row = k.jobs.get(job.id);
    expect(row).toMatchObject({
      status: 'failed',
      serial: null,
      flag: expect.stringMatching(/broke the contract 3 times.*central may hold an authorization/),
    });
    expect(k.jobs.attention().map((j) => j.id)).toEqual([job.id]);
    // One transaction: the failing step carries the flag; no separate note comes after it.
    const events = k.jobs.events(job.id);
    expect(events.at(-1)).toMatchObject({ from_status: 'requested', to_status: 'failed' });
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'authorized' });
    expect(k.printed(job.id)).toHaveLength(0);
    expect(k.jobs.hasReport(job.id)).toBe(false);
    // Central may hold its authorization: the job is never pruned by itself; staff acknowledging the flag
    // (they checked the job at central) settles it, and then it is pruned like any settled job.
    const later = Date.now() + 365 * 86_400_000;
    expect(k.jobs.prune(30, later)).toBe(0);
    acknowledgeFlag(k.jobs, job.id, 'T00001', 'cancelled at central');
    expect(k.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      flag: null,
      central_confirmed_at: expect.any(String),
    });
    expect(k.jobs.prune(30, Date.now())).toBe(0);
    expect(k.jobs.prune(30, later)).toBe(1);
  });

  it('settles a job central refuses for a reason that shows it holds nothing (pruned later), and flags any other refusal', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    // More copies than central allows: quota_used_up, central reserved nothing.
    const refused = k.jobs.create({
      idempotencyKey: 'refused:0',
      terminalId: TERMINAL,
      personId: q.nextStudent().id,
      kind: 'enrollment',
      language: 'zh',
      copies: 20,
    }).job;
    await k.runner.kick();
    expect(k.jobs.get(refused.id)).toMatchObject({
      status: 'failed',
      last_error: 'central refused: quota_used_up',
      flag: null,
      central_confirmed_at: expect.any(String),
    });
    // A refusal that proves nothing about what central holds (a proxy's 403 after an answer that never came).
    k.network.set('authorizeJob', { kind: 'lose-answer' });
    const unsure = q.request(k);
    await k.runner.kick();
    k.network.set('authorizeJob', { kind: 'http', status: 403 });
    await until(async () => (await k.runner.retryNow(), status(k, unsure.id) !== 'requested'), 'the refusal');
    expect(k.jobs.get(unsure.id)).toMatchObject({
      status: 'failed',
      serial: null,
      flag: expect.stringMatching(/central refused: internal.*central may hold an authorization/),
    });
    expect(await q.central.store.document(unsure.id)).toMatchObject({ status: 'authorized' });
    expect(k.jobs.prune(30, Date.now() + 31 * 86_400_000)).toBe(1);
    expect(() => k.jobs.get(refused.id)).toThrow(/No print job/);
    expect(k.jobs.get(unsure.id).status).toBe('failed');
  });
});

describe('central giving serials the kiosk must not print', () => {
  it.each([
    ['an empty serial', { serial: '' }],
    ['a 100-character serial', { serial: `DU-2026-${'1'.repeat(92)}` }],
    ['a serial in another format', { serial: 'du 2026/1' }],
    ['an empty verification code', { verificationCode: '' }],
    ['a verification code outside central’s alphabet', { verificationCode: 'IIII-LLLL-OOOO' }],
  ] as const)('refuses %s: asks again, then hands the job to staff, nothing printed', async (_what, lie) => {
    kiosk = q.kiosk({ runner: { maxBadAnswers: 2 } });
    const k = kiosk;
    k.network.set('authorizeJob', { kind: 'rewrite', fn: (json) => ({ ...json, ...lie }) });
    const job = q.request(k);
    await until(async () => (await k.runner.kick(), status(k, job.id) !== 'requested'), 'the job to go to staff');
    expect(k.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      serial: null,
      verification_code: null,
      flag: expect.stringMatching(
        /broke the contract 2 times.*not a (serial|verification code) as central issues them/,
      ),
    });
    expect(k.network.count('authorizeJob')).toBe(2);
    expect(k.printed(job.id)).toHaveLength(0);
  });

  it('refuses a serial another job already has: that job is kept as it is, this one goes to staff, nothing printed', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const first = q.request(k);
    await until(async () => (await k.runner.kick(), status(k, first.id) === 'printed'), 'the first job to print');
    const serial = k.jobs.get(first.id).serial!;
    k.network.set('authorizeJob', { kind: 'rewrite', fn: (json) => ({ ...json, serial }) });
    const second = q.request(k);
    await k.runner.kick();
    expect(k.jobs.get(second.id)).toMatchObject({
      status: 'failed',
      serial: null,
      flag: expect.stringMatching(new RegExp(`serial ${serial}, which job ${first.id} already has`)),
    });
    expect(k.jobs.attention().map((j) => j.id)).toEqual([second.id]);
    expect(k.printed(second.id)).toHaveLength(0);
    expect(k.jobs.get(first.id)).toMatchObject({ status: 'printed', serial, flag: null });
    expect(k.network.count('authorizeJob')).toBe(2);
  });

  it('never prints a job an older kiosk recorded without a valid serial', async () => {
    kiosk = q.kiosk();
    const k = kiosk;
    const job = q.request(k);
    // What migration 7 leaves of a job that was authorized with an empty serial.
    k.jobs.transition(job.id, 'authorized', null, { serial: null, verification_code: '' });
    await k.runner.kick();
    expect(k.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      flag: expect.stringMatching(/no valid serial or verification code recorded/),
    });
    expect(k.printed(job.id)).toHaveLength(0);
  });
});

describe('database unwritable while the kiosk runs', () => {
  it(
    'pauses printing without crashing, keeps every record, and carries on when it is writable again',
    { timeout: 90_000 },
    async () => {
      kiosk = q.kiosk();
      const k = kiosk;
      const job = q.request(k);
      k.db.pragma('query_only = ON');
      await k.runner.kick(); // must resolve, never reject
      expect(await k.outbox.flush()).toBe(0);
      expect(k.jobs.get(job.id)).toMatchObject({ status: 'requested' });
      expect(() => q.request(k)).toThrow(/cannot be written/);
      expect(k.logLines.some((l) => l.includes('"level":"error"'))).toBe(true);
      k.db.pragma('query_only = OFF');
      await until(
        async () => (await k.runner.kick(), status(k, job.id) === 'printed'),
        'the job to print after the database recovered',
        60_000,
      );
      expect(k.printed(job.id)).toHaveLength(1);
    },
  );
});
