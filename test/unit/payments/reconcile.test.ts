/**
 * Reconciliation's comparison (central/payments/reconcile.ts): the ledger against the provider's statement
 * for a day of the institution's timezone, each kind of mismatch, and a day that spans two UTC days.
 */
import { describe, expect, it } from 'vitest';
import { reconcile, utcDaysCovering } from '../../../central/payments/reconcile.js';
import type { StatementEntry } from '../../../central/payments/provider.js';
import type { LedgerEntry, PaidJob } from '../../../central/store/payment-ledger.js';

const TZ = 'Asia/Shanghai';
// 2026-12-03 in Beijing runs from 2026-12-02T16:00Z to 2026-12-03T16:00Z.
const AT = '2026-12-02T17:00:00.000Z';

const done = (jobId: string, movement: LedgerEntry['movement'], reference: string, amountCents = 300, at = AT) =>
  ({
    jobId,
    movement,
    outcome: 'done',
    personId: 'p',
    terminalId: 'k',
    amountCents,
    provider: 'campus-card',
    reference,
    at,
    by: 'central',
    reason: 'printed',
  }) satisfies LedgerEntry;
const moved = (jobId: string, kind: StatementEntry['kind'], reference: string, amountCents = 300, at = AT) =>
  ({ jobId, kind, reference, amountCents, at, person: 'p' }) satisfies StatementEntry;
const job = (jobId: string, status: string): PaidJob => ({
  jobId,
  personId: 'p',
  terminalId: 'k',
  serial: 'S',
  kind: 'transcript',
  amountCents: 300,
  status,
  issuedAt: AT,
  reprintOf: null,
});

describe('reconcile', () => {
  it('finds nothing when every movement is on both sides with the same amount and reference', () => {
    const ledger = [done('j1', 'hold', 'C1'), done('j1', 'capture', 'C2')];
    const statement = [
      moved('j1', 'hold', 'C1'),
      moved('j1', 'capture', 'C2'),
      { ...moved('x', 'top_up', 'T'), jobId: null },
    ];
    expect(reconcile('2026-12-03', TZ, statement, ledger, new Map([['j1', job('j1', 'printed')]]))).toEqual([]);
  });

  it('lists each kind of mismatch with both references', () => {
    const ledger = [
      done('a', 'hold', 'A1'),
      done('a', 'capture', 'A2', 299),
      done('b', 'hold', 'B1'),
      done('b', 'release', 'B9'),
      done('c', 'hold', 'C1'),
    ];
    const statement = [
      moved('a', 'hold', 'A1'),
      moved('a', 'capture', 'A2'),
      moved('b', 'hold', 'B1'),
      moved('b', 'release', 'B2'),
      moved('c', 'hold', 'C1'),
      moved('d', 'hold', 'D1'),
    ];
    const jobs = new Map([
      ['a', job('a', 'printed')],
      ['b', job('b', 'failed')],
      ['c', job('c', 'printed')],
    ]);
    const found = reconcile('2026-12-03', TZ, statement, ledger, jobs).map((m) => [m.kind, m.jobId, m.movement]);
    expect(found).toEqual([
      ['amount_differs', 'a', 'capture'],
      ['reference_differs', 'b', 'release'],
      ['not_in_ledger', 'd', 'hold'],
      ['hold_left_open', 'c', 'hold'],
    ]);
    const missing = reconcile('2026-12-03', TZ, [], [done('e', 'refund', 'E1')], new Map());
    expect(missing).toMatchObject([
      { kind: 'not_at_provider', jobId: 'e', ledger: { reference: 'E1' }, provider: null },
    ]);
  });

  it('a hold whose answer was lost and that central released since is settled, not a mismatch', () => {
    const refused: LedgerEntry = { ...done('f', 'hold', 'x'), outcome: 'refused', reference: null };
    const ledger = [refused, done('f', 'release', 'F2')];
    expect(
      reconcile('2026-12-03', TZ, [moved('f', 'hold', 'F1'), moved('f', 'release', 'F2')], ledger, new Map()),
    ).toEqual([]);
  });

  it("takes the institution's day: a movement at 15:59Z is the 3rd in Beijing, one at 16:00Z the 4th", () => {
    expect(utcDaysCovering('2026-12-03')).toEqual(['2026-12-02', '2026-12-03', '2026-12-04']);
    const late = moved('g', 'hold', 'G1', 300, '2026-12-03T16:00:00.000Z');
    const inDay = moved('h', 'hold', 'H1', 300, '2026-12-03T15:59:59.000Z');
    expect(reconcile('2026-12-03', TZ, [late, inDay], [], new Map()).map((m) => m.jobId)).toEqual(['h']);
    expect(reconcile('2026-12-04', TZ, [late, inDay], [], new Map()).map((m) => m.jobId)).toEqual(['g']);
  });
});
