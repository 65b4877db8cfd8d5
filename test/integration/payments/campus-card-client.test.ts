/**
 * Central's campus-card client against the real reference service, started here: real HTTP, a real SQLite
 * file. Each money call is idempotent by job id, and with every fault the service can inject (an answer
 * lost after the commit, a duplicated delivery, a 5xx, an answer slower than the client waits) the card's
 * balance moves exactly once, which the service's own statement proves. A service that lies is not believed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCampusCardServer, type CampusCardServer } from '../../../campus-card/server.js';
import { CampusCardProvider, type CampusCardClientOptions } from '../../../central/payments/campus-card-client.js';
import {
  InsufficientBalanceError,
  PaymentConflictError,
  ProviderAnswerInvalidError,
  ProviderRefusedError,
  ProviderUnavailableError,
  UnknownAccountError,
  UnknownJobError,
} from '../../../central/payments/errors.js';
import type { PaymentJob } from '../../../central/payments/provider.js';
import { FaultStatus, type FaultKind, type FaultSettings, type MovementKind } from '../../../shared/campus-card-api.js';

const TOKEN = 'test-token-0123456789abcdef';
const dataDir = mkdtempSync(join(tmpdir(), 'estation-campus-card-'));
let service: CampusCardServer;
let n = 0;

beforeAll(async () => {
  service = await startCampusCardServer({ dataDir, token: TOKEN });
});
afterAll(() => service?.close());
afterEach(async () => {
  vi.restoreAllMocks();
  await setFaults({});
});

/** Counts the HTTP requests the client makes (they still go to the real service). */
const countRequests = () => vi.spyOn(globalThis, 'fetch');

const client = (options: Partial<CampusCardClientOptions> = {}) =>
  new CampusCardProvider({ url: service.url, token: TOKEN, retryDelayMs: 10, ...options });

/** A person with `cents` on the card and a job of theirs for `amountCents`. */
async function personWith(cents: number, amountCents = 300): Promise<PaymentJob> {
  const person = `s${++n}`;
  service.ledger.topUp(person, cents, `test-${person}`);
  return { jobId: `job-${n}`, person, amountCents };
}

/** Faults through the service's admin endpoint, as a test or the demo sets them. */
async function setFaults(settings: FaultSettings) {
  const res = await fetch(`${service.url}/v1/admin/faults`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  expect(res.status).toBe(200);
}

/** Waits until no money call is being handled (a slowed one still finishing), then reads the day's statement. */
async function movementsOf(jobId: string): Promise<MovementKind[]> {
  for (;;) {
    const res = await fetch(`${service.url}/v1/admin/faults`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (FaultStatus.parse(await res.json()).inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const today = new Date().toISOString().slice(0, 10);
  const entries = await client().statement(today);
  return entries.filter((e) => e.jobId === jobId).map((e) => e.kind);
}

describe('the campus-card client against the reference service', () => {
  it('hold and capture are idempotent by job id: called twice, the card is charged once', async () => {
    const job = await personWith(1000);
    const p = client();
    const held = await p.hold(job);
    expect(held).toMatchObject({ jobId: job.jobId, state: 'held', amountCents: 300 });
    expect(await p.hold(job)).toEqual(held);
    expect(await p.balance(job.person)).toEqual({ person: job.person, balanceCents: 1000, availableCents: 700 });
    const captured = await p.capture(job);
    expect(captured.state).toBe('captured');
    expect(captured.reference).not.toBe(held.reference);
    expect(await p.capture(job)).toEqual(captured);
    expect(await p.hold(job)).toEqual(captured); // a late repeat of the hold changes nothing either
    expect(await p.balance(job.person)).toEqual({ person: job.person, balanceCents: 700, availableCents: 700 });
    expect(await movementsOf(job.jobId)).toEqual(['hold', 'capture']);
  });

  it('release gives the hold back once, and a released job is neither captured nor held again', async () => {
    const job = await personWith(1000);
    const p = client();
    await p.hold(job);
    const released = await p.release(job);
    expect(released.state).toBe('released');
    expect(await p.release(job)).toEqual(released);
    await expect(p.capture(job)).rejects.toBeInstanceOf(PaymentConflictError);
    await expect(p.hold(job)).rejects.toThrow(/held only once/);
    expect(await p.balance(job.person)).toEqual({ person: job.person, balanceCents: 1000, availableCents: 1000 });
    expect(await movementsOf(job.jobId)).toEqual(['hold', 'release']);
  });

  it('refund pays a captured job back once; a captured job is not released, a held one not refunded', async () => {
    const job = await personWith(1000);
    const p = client();
    await p.hold(job);
    await expect(p.refund(job, 'test', 'staff1')).rejects.toThrow(/never charged/);
    await p.capture(job);
    await expect(p.release(job)).rejects.toThrow(/refund it instead/);
    const refunded = await p.refund(job, 'toner streaks', 'staff1');
    expect(refunded.state).toBe('refunded');
    expect(await p.refund(job, 'toner streaks', 'staff1')).toEqual(refunded);
    expect(await p.capture(job)).toEqual(refunded); // a late capture retry: already settled
    expect(await p.balance(job.person)).toMatchObject({ balanceCents: 1000, availableCents: 1000 });
    expect(await movementsOf(job.jobId)).toEqual(['hold', 'capture', 'refund']);
    expect(await p.status(job.jobId)).toEqual(refunded);
  });

  it('an insufficient balance is refused with what is available, what is needed and what to do; nothing is held', async () => {
    const job = await personWith(250, 300);
    const requests = countRequests();
    const err = await client()
      .hold(job)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientBalanceError);
    expect(err).toMatchObject({ availableCents: 250, neededCents: 300 });
    expect(requests).toHaveBeenCalledTimes(1); // a refusal is a decision: not retried
    expect((err as Error).message).toBe(
      'the campus card has ¥2.50 available, but this print costs ¥3.00: top up the card and print again. Nothing was charged',
    );
    expect(await movementsOf(job.jobId)).toEqual([]);
    expect(await client().status(job.jobId)).toBeNull();
  });

  it('open holds count against the balance: a second job that does not fit beside the first is refused', async () => {
    const first = await personWith(500, 300);
    const second = { ...first, jobId: `${first.jobId}-b` };
    await client().hold(first);
    await expect(client().hold(second)).rejects.toMatchObject({ availableCents: 200, neededCents: 300 });
  });

  it('a person without an account, and a job never held, are named as such', async () => {
    await expect(client().balance('nobody')).rejects.toBeInstanceOf(UnknownAccountError);
    await expect(client().hold({ jobId: 'j-nobody', person: 'nobody', amountCents: 100 })).rejects.toBeInstanceOf(
      UnknownAccountError,
    );
    const job = await personWith(1000);
    await expect(client().capture(job)).rejects.toBeInstanceOf(UnknownJobError);
    expect(await client().status(job.jobId)).toBeNull();
  });

  describe.each<[FaultKind, string]>([
    ['loseAfterCommit', 'the answer is lost after the service committed'],
    ['duplicate', 'the request is delivered twice'],
    ['error5xx', 'the service answers 503 once'],
    ['slow', 'the service answers later than the client waits'],
  ])('fault %s (%s)', (kind) => {
    it('the hold, the capture and the refund each move the balance exactly once', async () => {
      const job = await personWith(1000);
      // The slow fault waits longer than the client's timeout: the client's retry overtakes the first request.
      const p = client(kind === 'slow' ? { timeoutMs: 300 } : {});
      const once = { slowMs: 1500, [kind]: { next: 1 } };
      await setFaults(once);
      expect(await p.hold(job)).toMatchObject({ state: 'held', amountCents: 300 });
      await setFaults(once);
      expect(await p.capture(job)).toMatchObject({ state: 'captured', amountCents: 300 });
      expect(await p.balance(job.person)).toMatchObject({ balanceCents: 700, availableCents: 700 });
      await setFaults(once);
      expect(await p.refund(job, 'misprint', 'staff1')).toMatchObject({ state: 'refunded' });
      expect(await movementsOf(job.jobId)).toEqual(['hold', 'capture', 'refund']);
      expect(await p.balance(job.person)).toMatchObject({ balanceCents: 1000, availableCents: 1000 });
    });

    it('a hold released under the fault is given back exactly once', async () => {
      const job = await personWith(1000);
      const p = client(kind === 'slow' ? { timeoutMs: 300 } : {});
      await p.hold(job);
      await setFaults({ slowMs: 1500, [kind]: { next: 1 } });
      expect(await p.release(job)).toMatchObject({ state: 'released' });
      expect(await movementsOf(job.jobId)).toEqual(['hold', 'release']);
      expect(await p.balance(job.person)).toMatchObject({ balanceCents: 1000, availableCents: 1000 });
    });
  });

  it('a service that keeps failing: the client gives up saying so, nothing moved, and the same call later holds once', async () => {
    const job = await personWith(1000);
    await setFaults({ error5xx: { next: 3 } });
    const requests = countRequests();
    const err = await client({ attempts: 3 })
      .hold(job)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).toMatch(/HTTP 503 .*\(3 tries\)\. Nothing is charged twice/);
    expect(requests).toHaveBeenCalledTimes(3);
    vi.restoreAllMocks();
    expect(await movementsOf(job.jobId)).toEqual([]);
    await client().hold(job);
    expect(await movementsOf(job.jobId)).toEqual(['hold']);
  });

  it('every answer lost: the client gives up, the hold stands once, and a later retry finds it', async () => {
    const job = await personWith(1000);
    await setFaults({ loseAfterCommit: { next: 2 } });
    await expect(client({ attempts: 2 }).hold(job)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(await movementsOf(job.jobId)).toEqual(['hold']);
    expect(await client().hold(job)).toMatchObject({ state: 'held' });
    expect(await movementsOf(job.jobId)).toEqual(['hold']);
  });

  it('a lying service (an answer with another amount) is refused, on hold and on capture', async () => {
    const job = await personWith(1000);
    await setFaults({ wrongAmount: { next: 1 } });
    const err = await client()
      .hold(job)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderAnswerInvalidError);
    expect((err as Error).message).toContain(`job ${job.jobId} is for 300 fen, it answered 301 fen`);
    expect((err as Error).message).toContain('estation central payments reconcile');
    await setFaults({ wrongAmount: { next: 1 } });
    await expect(client().capture(job)).rejects.toBeInstanceOf(ProviderAnswerInvalidError);
  });

  it('a wrong token is refused at once (a 4xx is not retried) with what to check', async () => {
    const job = await personWith(1000);
    const requests = countRequests();
    const err = await client({ token: 'not-the-token-at-all' })
      .hold(job)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRefusedError);
    expect((err as Error).message).toMatch(/HTTP 401.*token file/);
    expect(requests).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    expect(await movementsOf(job.jobId)).toEqual([]);
  });

  it('a service that is not running is reported as unavailable after the retries', async () => {
    const down = await startCampusCardServer({ dataDir: ':memory:', token: TOKEN });
    const url = down.url;
    await down.close();
    const err = await new CampusCardProvider({ url, token: TOKEN, attempts: 2, retryDelayMs: 1 })
      .balance('s1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).toContain('connection refused (is the service running?)');
  });

  it('the holds survive a restart of the service: a retry after it finds the same hold', async () => {
    const job = await personWith(1000);
    const held = await client().hold(job);
    await service.close();
    service = await startCampusCardServer({ dataDir, token: TOKEN });
    expect(await client().hold(job)).toEqual(held);
    expect(await movementsOf(job.jobId)).toEqual(['hold']);
  });
});
