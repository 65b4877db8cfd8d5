/**
 * Staff decisions on jobs the kiosk could not settle by itself (maintenance mode):
 * - a job in `needs_attention` was printed after all (staff saw the paper), or was not (cancelled);
 *   either way central gets the matching report, so quotas and counts stay right;
 * - a flag on a final job (central contradicted it) is acknowledged once staff have dealt with it.
 * Every decision is written to the job's audit trail with the staff member's id.
 */
import type { JobRow, JobStore } from '../job-store.js';
import { reportFor, withReport } from './report.js';

export class AttentionResolutionError extends Error {
  override name = 'AttentionResolutionError';
  constructor(
    readonly jobId: string,
    message: string,
  ) {
    super(message);
  }
}

export type StaffDecision = 'printed' | 'cancelled';

/** Settles a `needs_attention` job as staff decided; its report to central is queued in the same transaction. */
export function resolveAttention(jobs: JobStore, jobId: string, decision: StaffDecision, staffId: string, note = ''): JobRow {
  const job = jobs.get(jobId);
  if (job.status !== 'needs_attention') {
    throw new AttentionResolutionError(jobId, `Job ${jobId} is ${job.status}, not waiting for staff; nothing was changed.`);
  }
  const detail = `staff ${staffId} decided: ${decision === 'printed' ? 'it was printed' : 'it was not printed'}${note ? ` (${note.slice(0, 200)})` : ''}`;
  const report = reportFor(job, decision, new Date().toISOString(), detail);
  return jobs.transition(jobId, decision, detail, { flag: null, last_error: null }, withReport(report).report);
}

/** Clears the flag on a job once staff have looked at it (the job itself is unchanged). */
export function acknowledgeFlag(jobs: JobStore, jobId: string, staffId: string, note = ''): JobRow {
  const job = jobs.get(jobId);
  if (!job.flag) throw new AttentionResolutionError(jobId, `Job ${jobId} has no flag to acknowledge.`);
  jobs.note(jobId, `staff ${staffId} acknowledged: ${job.flag}${note ? ` (${note.slice(0, 200)})` : ''}`, { flag: null });
  return jobs.get(jobId);
}
