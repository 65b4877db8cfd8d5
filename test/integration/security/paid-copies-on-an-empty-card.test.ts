/**
 * Attack: print paid copies on a campus card without the money, from a station that skips its own balance
 * check (a modified kiosk, or a stolen terminal token): ask central directly, ask again, and report the job
 * printed anyway. Central holds the fee before the job exists for the station; refused, it undoes the
 * authorization, never answers the serial, answers every replay with the same refusal, and a report of the
 * job moves no money. Real central and campus-card service over HTTP, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampusCardServer } from '../../../campus-card/server.js';
import type { RunningCentral } from '../../../central/server.js';
import { startChargingCentral } from '../../helpers/charging-central.js';
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';

let service: CampusCardServer;
let central: RunningCentral<SqliteCentralStore>;
let closeCentral: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ central, service, close: closeCentral } = await startChargingCentral('k'));
});
afterAll(async () => {
  await closeCentral?.();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${central.tokens.k}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('paid copies on an empty campus card', () => {
  it('a station that skips the balance check gets no document, however often it asks, and its report charges nothing', async () => {
    const s = central.people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    service.ledger.topUp(s.id, 1, 'one-fen');
    await post('/v1/cards/lookup', { card: s.card });
    const ask = { jobId: 'empty-1', personId: s.id, kind: 'transcript', language: 'zh', copies: 10 };
    for (let i = 0; i < 3; i++) {
      const r = await post('/v1/jobs/authorize', ask);
      expect(r.status).toBe(402);
      expect(r.body.error).toBe('insufficient_balance');
      expect(r.body).not.toHaveProperty('serial');
    }
    const doc = (await central.store.document('empty-1'))!;
    expect(doc.status).toBe('cancelled');
    // Even knowing the serial (it never got it), a printed report is rejected and moves no money.
    const report = await post('/v1/jobs/report', {
      reports: [
        {
          jobId: 'empty-1',
          serial: doc.serial,
          outcome: 'printed',
          pages: 1,
          copies: 10,
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    expect(report.body).toEqual({ results: [{ jobId: 'empty-1', result: 'rejected', reason: 'already_cancelled' }] });
    await central.payments.idle();
    expect(await central.payments.sweep()).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(service.ledger.statement(today).filter((m) => m.job === 'empty-1')).toEqual([]);
    expect(service.ledger.account(s.id)).toMatchObject({ balanceCents: 1, heldCents: 0 });
    expect((await central.store.payments.entries('empty-1')).map((e) => e.outcome)).not.toContain('done');
  });
});
