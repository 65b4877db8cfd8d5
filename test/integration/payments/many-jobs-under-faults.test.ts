/**
 * Many jobs at once against the real campus-card service with every fault switched on at a rate (answers
 * lost after the commit, duplicated deliveries, 5xx, answers slower than the client waits), the way
 * central will meet them: when a call gives up (ProviderUnavailableError), the same call is made again
 * with the same job id. Afterwards the service's statement holds exactly one hold per job and exactly one
 * capture or release (and a refund where staff gave one), every card's balance is what was printed and
 * not refunded, and no hold is left open.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampusCardServer, type CampusCardServer } from '../../../campus-card/server.js';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { ProviderUnavailableError } from '../../../central/payments/errors.js';
import type { PaymentJob, PaymentRecord } from '../../../central/payments/provider.js';
import { rng } from '../../helpers/seeded-random.js';

const SEED = 1717;
const JOBS = 40;
const PEOPLE = 8;
const TOKEN = 'many-jobs-token-0123456789';
let service: CampusCardServer;

beforeAll(async () => {
  service = await startCampusCardServer({
    dataDir: mkdtempSync(join(tmpdir(), 'estation-card-many-')),
    token: TOKEN,
    random: rng(SEED),
    faults: {
      slowMs: 600,
      loseAfterCommit: { rate: 0.2 },
      duplicate: { rate: 0.2 },
      error5xx: { rate: 0.2 },
      slow: { rate: 0.1 },
    },
  });
});
afterAll(() => service?.close());

/** Central's recovery rule: a call that gave up is made again, with the same job id, until it is answered. */
async function untilAnswered(call: () => Promise<PaymentRecord>): Promise<PaymentRecord> {
  for (let round = 1; ; round++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ProviderUnavailableError) || round === 20) throw err;
    }
  }
}

describe(`${JOBS} paid jobs with every fault on (seed ${SEED})`, () => {
  it('each job is held once and captured or released once; the balances are exactly what printed', async () => {
    const card = new CampusCardProvider({ url: service.url, token: TOKEN, timeoutMs: 300, retryDelayMs: 5 });
    const choose = rng(SEED + 1);
    for (let p = 0; p < PEOPLE; p++) service.ledger.topUp(`p${p}`, 5000, `desk-p${p}`);
    const plan = Array.from({ length: JOBS }, (_, i) => {
      const r = choose();
      return {
        job: { jobId: `job-${i}`, person: `p${i % PEOPLE}`, amountCents: 100 + ((i * 37) % 400) } as PaymentJob,
        outcome: r < 0.3 ? ('release' as const) : r < 0.4 ? ('refund' as const) : ('capture' as const),
      };
    });
    await Promise.all(
      plan.map(async ({ job, outcome }) => {
        await untilAnswered(() => card.hold(job));
        if (outcome === 'release') await untilAnswered(() => card.release(job));
        else {
          await untilAnswered(() => card.capture(job));
          if (outcome === 'refund') await untilAnswered(() => card.refund(job, 'misprint', 'staff1'));
        }
      }),
    );
    // Requests the client gave up on may still be running at the service: wait for them, then read.
    while (service.faults.status().inFlight > 0) await new Promise((r) => setTimeout(r, 50));
    const today = new Date().toISOString().slice(0, 10);
    const movements = service.ledger.statement(today);

    for (const { job, outcome } of plan) {
      const expected =
        outcome === 'release'
          ? ['hold', 'release']
          : outcome === 'refund'
            ? ['hold', 'capture', 'refund']
            : ['hold', 'capture'];
      expect(
        movements.filter((m) => m.job === job.jobId).map((m) => `${m.kind} ${m.amountCents}`),
        job.jobId,
      ).toEqual(expected.map((k) => `${k} ${job.amountCents}`));
    }
    for (let p = 0; p < PEOPLE; p++) {
      const charged = plan
        .filter(({ job, outcome }) => job.person === `p${p}` && outcome === 'capture')
        .reduce((sum, { job }) => sum + job.amountCents, 0);
      expect(service.ledger.account(`p${p}`)).toEqual({
        person: `p${p}`,
        balanceCents: 5000 - charged,
        heldCents: 0,
        availableCents: 5000 - charged,
      });
    }
    // The faults did happen, each of them: the run is not a quiet one by luck.
    const { happened } = service.faults.status();
    for (const kind of ['loseAfterCommit', 'duplicate', 'error5xx', 'slow'] as const)
      expect(happened[kind], kind).toBeGreaterThan(2);
    expect(happened.wrongAmount).toBe(0);
  });
});
