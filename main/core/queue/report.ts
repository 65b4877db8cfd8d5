import { PAYMENT_REFUSALS } from '../../../shared/kiosk-errors.js';
import { Sha256Hex, type JobReport } from '../../../shared/central-api.js';
import type { JobRow } from '../job-store.js';

/** The report central gets for a finished job, or undefined for a job without a serial (central never authorized it, or this kiosk never recorded it). */
export function reportFor(
  job: JobRow,
  outcome: JobReport['outcome'],
  finishedAt: string,
  detail?: string,
): JobReport | undefined {
  if (job.serial === null) return undefined; // no serial recorded: no report can name the job's document at central
  return {
    jobId: job.id,
    serial: job.serial,
    outcome,
    pages: job.pages ?? 0,
    copies: job.copies,
    finishedAt,
    ...(detail ? { detail: detail.slice(0, 500) } : {}),
    // What was printed, so that central can compare an uploaded file byte for byte and the QR's digest.
    ...(outcome === 'printed' && sha256(job.file_sha256) ? { fileSha256: job.file_sha256! } : {}),
    ...(outcome === 'printed' && sha256(job.content_digest) ? { contentDigest: job.content_digest! } : {}),
  };
}

/** A digest the report may carry (a job rendered by an older kiosk has none). */
const sha256 = (value: string | null) => Sha256Hex.safeParse(value).success;

/** Spreads `{ report }` only when there is one (exactOptionalPropertyTypes). */
export function withReport(report: JobReport | undefined): { report?: JobReport } {
  return report ? { report } : {};
}

/**
 * Central's refusals of an authorization that show it holds no document for the job: central answers a
 * job id it has already authorized with that authorization (idempotent), before any of these checks. A
 * job failed with one of them is settled at central without a report, like a confirmed one.
 */
export const REFUSALS_HOLDING_NOTHING: readonly string[] = [
  'unknown_person',
  'not_eligible',
  'quota_used_up',
  'no_card_lookup',
  // Issue #15: the person's records changed since the preview; central snapshotted nothing and reserved nothing.
  'records_changed',
  // Issue #17: central could not hold the fee and undid the authorization (its free copies given back).
  ...PAYMENT_REFUSALS,
];

/**
 * The staff flag of a job that ends without a serial although central may have authorized it (quota
 * reserved, a document `authorized` at central): no report can release it, so staff must look at central.
 */
export function mayBeAuthorizedFlag(reason: string): string {
  const why =
    'central may hold an authorization for this job that this kiosk never recorded (no serial here, so no report can release it): check the job at central';
  return `${reason.slice(0, 500 - why.length - 2)}; ${why}`;
}
