/**
 * The print-job state machine. Pure: which transitions are legal, nothing else.
 *
 *   requested -> authorized -> rendered -> submitted -> printed -> reported -> confirmed
 *
 * - Before `submitted` there is no paper: a job may fail or be cancelled, and after a crash it is
 *   re-rendered and continued.
 * - From `submitted` on, paper may exist: a job is never sent to the printer again automatically. If the
 *   printer cannot tell what became of it, it goes to `needs_attention` and staff decide.
 * - `reported -> printed` is not allowed: a report that central has not confirmed is simply sent again
 *   (central deduplicates by job id).
 */
import type { JobStatus } from '../../shared/jobs.js';

export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  requested: ['authorized', 'failed', 'cancelled'],
  authorized: ['rendered', 'failed', 'cancelled'],
  rendered: ['submitted', 'failed', 'cancelled'],
  submitted: ['printed', 'failed', 'needs_attention'],
  printed: ['reported', 'needs_attention'],
  reported: ['confirmed', 'needs_attention'],
  confirmed: [],
  failed: [],
  cancelled: [],
  // Staff resolve a job that needs attention: it was printed after all, it is cancelled, or it is reprinted
  // (a reprint is a new job; this one is cancelled with the reason in its audit trail).
  needs_attention: ['printed', 'cancelled'],
};

/** States in which nothing more happens to a job by itself. */
export const FINAL_STATES: readonly JobStatus[] = ['confirmed', 'failed', 'cancelled', 'needs_attention'];

/** States from which the kiosk still moves a job on by itself. */
export const OPEN_STATES: readonly JobStatus[] = [
  'requested',
  'authorized',
  'rendered',
  'submitted',
  'printed',
  'reported',
];

/** States of a job whose paper came out (the receipt lists it; central charges it). */
export const PRINTED_STATES: readonly JobStatus[] = ['printed', 'reported', 'confirmed'];

/** States before paper: safe to (re)render and continue after a crash. */
export const BEFORE_PAPER: readonly JobStatus[] = ['requested', 'authorized', 'rendered'];

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
  constructor(
    readonly jobId: string,
    readonly from: JobStatus,
    readonly to: JobStatus,
  ) {
    super(
      `Job ${jobId} cannot go from ${from} to ${to}. Allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'nothing (final state)'}.`,
    );
  }
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
