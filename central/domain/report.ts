/**
 * What central does with a station's report of a job (docs/central.md, "Print jobs"): which reports it
 * rejects and why, which it confirms again without counting (a lost answer made the station send it
 * again), and how many free copies go back to the term when nothing came out. The store reads the
 * document, records the outcome and gives the copies back.
 */
import type { JobReport } from '../../shared/central-api.js';

/** The facts of an authorized document a report is checked against (its `documents` row). */
export interface ReportedDocument {
  terminalId: string;
  serial: string;
  copies: number;
  status: string;
}

/** Reject (with the reason the station logs), confirm again (already counted), or record the outcome. */
export type ReportVerdict =
  { verdict: 'reject'; reason: string } | { verdict: 'confirm_again' } | { verdict: 'record' };

/** The verdict on report `r` from `terminalId` of document `d` (undefined: central never authorized it). */
export function reportVerdict(
  d: ReportedDocument | undefined,
  terminalId: string,
  r: Pick<JobReport, 'serial' | 'copies' | 'outcome'>,
): ReportVerdict {
  const reject = (reason: string): ReportVerdict => ({ verdict: 'reject', reason });
  if (!d) return reject('unknown_job');
  if (d.terminalId !== terminalId) return reject('other_terminal');
  if (d.serial !== r.serial) return reject('serial_mismatch');
  if (d.copies !== r.copies) return reject('copies_mismatch');
  // Already counted: confirm again if it is the same outcome, so a lost answer is harmless.
  if (d.status !== 'authorized')
    return d.status === r.outcome ? { verdict: 'confirm_again' } : reject(`already_${d.status}`);
  return { verdict: 'record' };
}

/**
 * The free copies a recorded outcome gives back: all of them when nothing came out, to the term they were
 * taken from (a report may arrive after the next term began); none for a printed job, or for a document
 * that counted in no term.
 */
export function freeCopiesBack(outcome: JobReport['outcome'], freeCopies: number, quotaTerm: string | null): number {
  return outcome !== 'printed' && quotaTerm !== null ? freeCopies : 0;
}
