/**
 * Staff decisions on jobs the kiosk could not settle by itself (maintenance mode):
 * - a job in `needs_attention` was printed after all (staff saw the paper), was not (cancelled), or is
 *   printed again as a new job (reprint); central gets the matching report in every case, so quotas
 *   and counts stay right;
 * - a flag on a job (central contradicted it) is acknowledged once staff have dealt with it.
 * Every decision is written to the job's audit trail with the staff member and their reason. Each
 * decision commits with its report in one transaction; a reprint is idempotent per original job, so a
 * crash between its two steps and a second tap never make two reprints.
 */
import { jobPurpose, type JobRow, type JobStore } from '../job-store.js';
import { ReprintStaffStore, WAITING_FOR_STAFF_GRANT } from './reprint-staff.js';
import { reportFor, withReport } from './report.js';

export class AttentionResolutionError extends Error {
  override name = 'AttentionResolutionError';
  constructor(
    readonly jobId: string,
    readonly code: 'job_not_found' | 'job_not_in_attention' | 'job_not_flagged' | 'central_unreachable',
    message: string,
  ) {
    super(message);
  }
}

export type StaffDecision = 'printed' | 'cancelled';

function jobOf(jobs: JobStore, jobId: string): JobRow {
  try {
    return jobs.get(jobId);
  } catch {
    throw new AttentionResolutionError(
      jobId,
      'job_not_found',
      `No job ${jobId} in this station's queue; nothing was changed.`,
    );
  }
}

function waitingForStaff(jobs: JobStore, jobId: string): JobRow {
  const job = jobOf(jobs, jobId);
  if (job.status !== 'needs_attention') {
    throw new AttentionResolutionError(
      jobId,
      'job_not_in_attention',
      `Job ${jobId} is ${job.status}, not waiting for staff; nothing was changed.`,
    );
  }
  return job;
}

const reasonText = (reason: string) => reason.slice(0, 200);

/** Settles a `needs_attention` job as staff decided; its report to central is queued in the same transaction. */
export function resolveAttention(
  jobs: JobStore,
  jobId: string,
  decision: StaffDecision,
  staff: string,
  reason: string,
): JobRow {
  const job = waitingForStaff(jobs, jobId);
  const detail = `${decision === 'printed' ? 'confirmed printed' : 'cancelled'} by staff ${staff}: ${reasonText(reason)}`;
  const report = reportFor(job, decision, new Date().toISOString(), detail);
  return jobs.transition(jobId, decision, detail, { flag: null, last_error: null }, withReport(report).report);
}

/**
 * Reprints a `needs_attention` job: a new job for the same student, document and copies, which names
 * the original (central moves the original's free copies to it), and the original is cancelled with a
 * report. Both audit trails point at each other. Returns the new job, which the queue then prints.
 */
export function reprintAttention(jobs: JobStore, jobId: string, staff: string, reason: string, grant?: string): JobRow {
  const job = waitingForStaff(jobs, jobId);
  const { job: next, created } = jobs.create({
    idempotencyKey: `reprint:${job.id}`,
    terminalId: job.terminal_id,
    personId: job.person_id,
    kind: job.kind,
    language: job.language,
    copies: job.copies,
    reprintOf: job.id,
    purpose: jobPurpose(job),
  });
  // Central checks the staff member's grant (reprint-staff.ts); without one the reprint waits for staff.
  // Recorded for a job made before a crash too (the second tap completes it).
  new ReprintStaffStore(jobs.db).record(next.id, staff, reasonText(reason), grant);
  if (created) jobs.note(next.id, `reprint of ${job.id} requested by staff ${staff}: ${reasonText(reason)}`);
  if (grant === undefined) jobs.flag(next.id, WAITING_FOR_STAFF_GRANT);
  const detail = `reprinted as ${next.id} by staff ${staff}: ${reasonText(reason)}`;
  jobs.transition(
    job.id,
    'cancelled',
    detail,
    { flag: null, last_error: null },
    withReport(reportFor(job, 'cancelled', new Date().toISOString(), detail)).report,
  );
  return next;
}

/** Clears the flag on a job once staff have looked at it (the job itself is unchanged). */
export function acknowledgeFlag(jobs: JobStore, jobId: string, staff: string, reason: string, grant?: string): JobRow {
  const job = jobOf(jobs, jobId);
  // A reprint waiting for a staff grant goes on with this staff member's; without one it keeps waiting.
  if (job.flag === WAITING_FOR_STAFF_GRANT) {
    if (grant === undefined)
      throw new AttentionResolutionError(
        jobId,
        'central_unreachable',
        `Reprint ${jobId} needs a staff PIN checked by central: central is unreachable or maintenance mode was opened offline. Try again when the station is online (leave maintenance mode and tap your card again).`,
      );
    new ReprintStaffStore(jobs.db).setGrant(jobId, grant, { staff, reason: reasonText(reason) });
  }
  if (!job.flag)
    throw new AttentionResolutionError(
      jobId,
      'job_not_flagged',
      `Job ${jobId} has no flag to acknowledge; nothing was changed.`,
    );
  // A job that ended without a serial is flagged so that staff check it at central (it may hold an
  // authorization no report can release). Acknowledging that flag is staff saying it is settled there:
  // the record may then be pruned like any settled one.
  const settledByStaff =
    job.serial === null && (job.status === 'failed' || job.status === 'cancelled') && job.central_confirmed_at === null;
  jobs.note(jobId, `flag acknowledged by staff ${staff}: ${reasonText(reason)} (was: ${job.flag})`, {
    flag: null,
    ...(settledByStaff ? { central_confirmed_at: new Date().toISOString() } : {}),
  });
  return jobs.get(jobId);
}
