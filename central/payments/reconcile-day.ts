/**
 * One day of the institution reconciled (docs/payments.md, "Reconcile and report"): reads the provider's
 * statements of the UTC days that cover it and central's ledger of the same span, and compares them
 * (reconcile.ts). Used by `estation central payments reconcile`, the nightly run and `estation chaos
 * payments`, so that all three judge a day the same way. Throws the provider's PaymentError when its
 * statement cannot be read.
 */
import { localDate } from '../../shared/local-date.js';
import type { Sql } from '../../lib/sql/types.js';
import { institutionTimeZone } from '../store/institution.js';
import type { PaidJob, PaymentLedger } from '../store/payment-ledger.js';
import type { PaymentProvider } from './provider.js';
import { reconcile, utcDaysCovering, type Mismatch } from './reconcile.js';

const DAY = 86_400_000;

export interface DayReconciled {
  date: string;
  timeZone: string;
  /** Central's `done` movements of the day. */
  movements: number;
  mismatches: Mismatch[];
}

export async function reconcileDay(
  store: { sql: Sql; payments: PaymentLedger },
  provider: PaymentProvider,
  date: string,
): Promise<DayReconciled> {
  const timeZone = await institutionTimeZone(store.sql);
  const days = utcDaysCovering(date);
  const statement = (await Promise.all(days.map((d) => provider.statement(d)))).flat();
  const from = `${days[0]}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${days[2]}T00:00:00Z`) + DAY).toISOString();
  const ledger = await store.payments.between(from, to);
  const jobs = new Map<string, PaidJob>();
  for (const id of new Set(ledger.map((e) => e.jobId))) {
    const j = await store.payments.job(id);
    if (j) jobs.set(id, j);
  }
  const mismatches = reconcile(date, timeZone, statement, ledger, jobs);
  const movements = ledger.filter((e) => e.outcome === 'done' && localDate(e.at, timeZone) === date).length;
  return { date, timeZone, movements, mismatches };
}
