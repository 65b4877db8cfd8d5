/**
 * Reconciliation (docs/payments.md, "Reconciliation"): central's ledger against the provider's statement
 * for one day of the institution, movement by movement, keyed by job and kind. Pure: the caller reads
 * both sides. Every difference is listed with both sides' references; nothing is corrected here.
 */
import { localDate } from '../../shared/local-date.js';
import type { LedgerEntry, PaidJob } from '../store/payment-ledger.js';
import type { StatementEntry } from './provider.js';

export type MismatchKind =
  | 'not_in_ledger' // the provider moved money central has no answer for
  | 'not_at_provider' // central recorded a movement the provider's statement does not have
  | 'amount_differs'
  | 'reference_differs'
  | 'hold_left_open'; // a hold whose job central settled (or that is past the release limit) is still held

export interface Mismatch {
  kind: MismatchKind;
  jobId: string;
  movement: string;
  ledger: { reference: string | null; amountCents: number; at: string } | null;
  provider: { reference: string; amountCents: number; at: string } | null;
  detail: string;
}

/** The UTC days whose statements cover the local day `date` in `timeZone` (any offset up to ±14 h). */
export function utcDaysCovering(date: string): string[] {
  const day = Date.parse(`${date}T00:00:00Z`);
  return [-1, 0, 1].map((d) => new Date(day + d * 86_400_000).toISOString().slice(0, 10));
}

const key = (jobId: string, movement: string) => `${jobId} ${movement}`;

/**
 * Compares, for the local day `date`: every job movement of the provider that day with central's `done`
 * rows, and every `done` row of central that day with the provider's movements (`statement`: the
 * movements of the UTC days utcDaysCovering gives; `ledger`: central's rows of the same span).
 * `jobs` gives the status of each job the ledger names (for holds left open).
 */
export function reconcile(
  date: string,
  timeZone: string,
  statement: readonly StatementEntry[],
  ledger: readonly LedgerEntry[],
  jobs: ReadonlyMap<string, PaidJob>,
): Mismatch[] {
  const onDay = (at: string) => localDate(at, timeZone) === date;
  const done = new Map(ledger.filter((e) => e.outcome === 'done').map((e) => [key(e.jobId, e.movement), e]));
  const theirs = new Map(statement.filter((m) => m.jobId !== null).map((m) => [key(m.jobId!, m.kind), m] as const));
  const out: Mismatch[] = [];
  const side = (e: LedgerEntry) => ({ reference: e.reference, amountCents: e.amountCents, at: e.at });
  const their = (m: StatementEntry) => ({ reference: m.reference, amountCents: m.amountCents, at: m.at });
  for (const m of theirs.values()) {
    if (!onDay(m.at)) continue;
    const e = done.get(key(m.jobId!, m.kind));
    if (!e) {
      // A hold whose answer never came (central undid the job) and that central released since: settled.
      const released = done.get(key(m.jobId!, 'release'));
      const refusedHold = ledger.some((x) => x.jobId === m.jobId && x.movement === 'hold' && x.outcome === 'refused');
      if (m.kind === 'hold' && released && refusedHold) continue;
      out.push({
        kind: 'not_in_ledger',
        jobId: m.jobId!,
        movement: m.kind,
        ledger: null,
        provider: their(m),
        detail: `the provider has a ${m.kind} of job ${m.jobId} (${m.reference}) that central never got an answer for`,
      });
    } else if (e.amountCents !== m.amountCents)
      out.push({
        kind: 'amount_differs',
        jobId: e.jobId,
        movement: m.kind,
        ledger: side(e),
        provider: their(m),
        detail: `central recorded ${e.amountCents} fen, the provider ${m.amountCents} fen`,
      });
    else if (e.reference !== m.reference)
      out.push({
        kind: 'reference_differs',
        jobId: e.jobId,
        movement: m.kind,
        ledger: side(e),
        provider: their(m),
        detail: `central recorded reference ${e.reference}, the provider ${m.reference}`,
      });
  }
  for (const e of done.values()) {
    if (!onDay(e.at) || e.amountCents === 0) continue;
    if (!theirs.has(key(e.jobId, e.movement)))
      out.push({
        kind: 'not_at_provider',
        jobId: e.jobId,
        movement: e.movement,
        ledger: side(e),
        provider: null,
        detail: `central recorded a ${e.movement} of job ${e.jobId} (${e.reference}) the provider's statement does not have`,
      });
    if (e.movement !== 'hold') continue;
    const job = jobs.get(e.jobId);
    const settled = done.has(key(e.jobId, 'capture')) || done.has(key(e.jobId, 'release'));
    if (!settled && job && job.status !== 'authorized')
      out.push({
        kind: 'hold_left_open',
        jobId: e.jobId,
        movement: 'hold',
        ledger: side(e),
        provider: theirs.has(key(e.jobId, 'hold')) ? their(theirs.get(key(e.jobId, 'hold'))!) : null,
        detail: `job ${e.jobId} is ${job.status} at central but its hold was neither captured nor released (central's sweep retries it)`,
      });
  }
  return out;
}
