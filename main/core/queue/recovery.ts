/**
 * Start-up recovery: every job that was open when the kiosk stopped (crash, power cut, update) is
 * resumed or reconciled before anything new happens.
 *
 * - Before `submitted` there is no paper: the job is resumed (re-rendered and continued by the
 *   PrintRunner). A job that was open across too many restarts is failed instead of looping forever.
 * - `submitted`: paper may exist. The printer is asked what became of the job (by the printer-side id,
 *   or by the job name, which is our job id). Completed -> printed, aborted/cancelled -> failed, still
 *   queued or printer not reachable yet (an error, or `unknown` with reason `printer-unreachable`) -> left
 *   for the PrintRunner to track (it keeps asking, then gives up to staff), anything a printer that
 *   answered cannot say (job purged, id reused) -> needs_attention. Never resent.
 * - `printed`/`reported`: their report is put back into the outbox if it is somehow missing.
 *
 * All decisions are written in one transaction, so recovery is itself crash-safe: interrupted, it is
 * simply done again at the next start.
 */
import type { JobReport } from '../../../shared/central-api.js';
import {
  isTransientUnknown,
  type Printer,
  type PrinterJobRef,
  type PrinterJobState,
} from '../../../drivers/printer/types.js';
import type { JobNote, JobRow, JobStore, JobTransition } from '../job-store.js';
import type { Logger } from '../log.js';
import { mayBeAuthorizedFlag, reportFor, withReport } from './report.js';

export interface RecoveryOptions {
  jobs: JobStore;
  printer: Printer;
  log: Logger;
  /** A job still open after this many restarts is failed (its document probably crashes the kiosk). Default 5. */
  maxResumes?: number;
  /** Printer questions asked at the same time. Default 8. */
  concurrency?: number;
  now?: () => Date;
}

export interface RecoveryReport {
  /** Jobs before paper that the PrintRunner will continue. */
  resumed: number;
  /** Submitted jobs the printer says were printed / failed. */
  printed: number;
  failed: number;
  /** Submitted jobs whose outcome cannot be known: staff must decide. */
  needsAttention: number;
  /** Submitted jobs still queued or printing, or whose printer cannot be reached yet: the PrintRunner tracks them. */
  stillPrinting: number;
  /** Reports put back into the outbox. */
  requeuedReports: number;
  /** Jobs failed because they were open across too many restarts. */
  gaveUp: number;
}

type Outcome = { kind: 'printed' | 'failed' | 'attention' | 'tracking'; detail: string; ref?: PrinterJobRef };

async function askPrinter(printer: Printer, job: JobRow): Promise<Outcome> {
  if (job.printer_id && job.printer_id !== printer.id) {
    return {
      kind: 'attention',
      detail: `submitted to printer ${job.printer_id}, but this kiosk now uses ${printer.id}; it may or may not have printed`,
    };
  }
  let ref: PrinterJobRef | null;
  let state: PrinterJobState;
  try {
    ref = job.printer_job_id ? { printer: printer.id, id: job.printer_job_id } : await printer.findJob(job.id);
    if (!ref)
      return {
        kind: 'attention',
        detail: 'after a restart the printer has no record of this job; it may or may not have printed',
      };
    state = await printer.jobState(ref);
  } catch (err) {
    // Printer and kiosk often come back from a power cut together: the PrintRunner keeps asking for a while.
    return {
      kind: 'tracking',
      detail: `after a restart the printer could not be asked about this job yet (${(err as Error).message})`,
    };
  }
  const reasons = state.reasons.join(', ');
  // The printer did not answer just now (the IPP driver says so instead of throwing): not an answer yet.
  if (isTransientUnknown(state))
    return {
      kind: 'tracking',
      detail: `after a restart the printer could not be asked about this job yet (${reasons})`,
      ref,
    };
  switch (state.state) {
    case 'completed':
      return { kind: 'printed', detail: `found printed after a restart${reasons ? ` (${reasons})` : ''}`, ref };
    case 'aborted':
    case 'canceled':
      return { kind: 'failed', detail: `printer ${state.state} the job: ${reasons}`, ref };
    case 'pending':
    case 'processing':
      return { kind: 'tracking', detail: `still ${state.state} on the printer after a restart`, ref };
    default:
      return {
        kind: 'attention',
        detail: `after a restart the printer cannot say what became of the job (${reasons || 'unknown'})`,
      };
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function recoverQueue(o: RecoveryOptions): Promise<RecoveryReport> {
  const now = o.now ?? (() => new Date());
  const maxResumes = o.maxResumes ?? 5;
  const report: RecoveryReport = {
    resumed: 0,
    printed: 0,
    failed: 0,
    needsAttention: 0,
    stillPrinting: 0,
    requeuedReports: 0,
    gaveUp: 0,
  };

  const notes: JobNote[] = [];
  const steps: JobTransition[] = [];
  const enqueue: { id: string; report: JobReport }[] = [];
  const finishedAt = now().toISOString();

  // Paper may exist: ask the printer (a handful of jobs at most: one job is on a printer at a time).
  const submitted = o.jobs.listByStatus(['submitted']);
  const outcomes = await mapLimit(submitted, o.concurrency ?? 8, (job) => askPrinter(o.printer, job));
  submitted.forEach((job, i) => {
    const r = outcomes[i]!;
    const patch = r.ref && !job.printer_job_id ? { printer_job_id: r.ref.id } : {};
    if (r.kind === 'printed') {
      steps.push({
        id: job.id,
        to: 'printed',
        detail: r.detail,
        patch,
        ...withReport(reportFor(job, 'printed', finishedAt)),
      });
      report.printed++;
    } else if (r.kind === 'failed') {
      steps.push({
        id: job.id,
        to: 'failed',
        detail: r.detail,
        patch: { ...patch, last_error: r.detail },
        ...withReport(reportFor(job, 'failed', finishedAt, r.detail)),
      });
      report.failed++;
    } else if (r.kind === 'attention') {
      steps.push({ id: job.id, to: 'needs_attention', detail: r.detail, patch: { last_error: r.detail } });
      report.needsAttention++;
    } else {
      notes.push({ id: job.id, detail: r.detail, patch: { ...patch, resumes: job.resumes + 1 } });
      report.stillPrinting++;
    }
  });

  // No paper yet: resume, unless the job was open across too many restarts (its document may crash us).
  for (const job of o.jobs.beforePaperResumedAtLeast(maxResumes)) {
    const reason = `gave up after ${job.resumes} restarts while this job was open (its document may crash the kiosk); nothing was printed`;
    // Without a serial its authorization may have been committed at central unseen: staff settle it there.
    const flag = job.serial === null ? { flag: mayBeAuthorizedFlag(reason) } : {};
    steps.push({
      id: job.id,
      to: 'failed',
      detail: reason,
      patch: { last_error: reason, ...flag },
      ...withReport(reportFor(job, 'failed', finishedAt, reason)),
    });
    report.gaveUp++;
  }

  // Printed: its report must be in the outbox.
  for (const job of o.jobs.withoutReport()) {
    const r = reportFor(job, 'printed', job.updated_at);
    if (!r) continue;
    enqueue.push({ id: job.id, report: r });
    report.requeuedReports++;
  }

  report.resumed = o.jobs.apply({
    notes,
    steps,
    enqueue,
    resumeBeforePaper: {
      below: maxResumes,
      detail:
        'resumed after a restart (no paper yet: it is authorized, rendered and printed again from the start of its step)',
    },
  });
  if (report.needsAttention || report.gaveUp) o.log.warn('jobs need staff attention after a restart', { ...report });
  if (Object.values(report).some((n) => n > 0)) o.log.info('queue recovered', { ...report });
  return report;
}
