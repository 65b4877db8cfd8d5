/**
 * Turns a Get-Job-Attributes answer into the kiosk's PrinterJobState. Pure.
 */
import type { JobStateName, PrinterJobState } from '../types.js';
import { first, strings, type IppAttributes } from './attributes.js';

/** `job-printer-state-message` (PWG 5100.7) carries the printer's own words, e.g. why a job was aborted. */
export const JOB_ATTRIBUTES = [
  'job-id',
  'job-name',
  'job-state',
  'job-state-reasons',
  'job-state-message',
  'job-printer-state-message',
];

/** Bookkeeping reasons that say nothing about why a job ended. */
const NOISE = new Set(['none', 'processing-to-stop-point', 'job-printing']);

const STATES: Record<string, JobStateName> = {
  pending: 'pending',
  'pending-held': 'pending',
  processing: 'processing',
  'processing-stopped': 'processing',
  completed: 'completed',
  aborted: 'aborted',
  canceled: 'canceled',
};

/**
 * `pending-held` and `processing-stopped` keep their IPP name as the first reason, so that staff see
 * why a job waits. A job that ended badly always carries a reason: the printer's, its message, or the
 * meaning IPP gives the state itself (`aborted-by-system`, `canceled-by-someone`). A state the printer
 * does not name is `unknown`, never a guess.
 */
export function jobStateFromAttributes(attrs: IppAttributes): PrinterJobState {
  const raw = first(attrs['job-state']);
  const state = typeof raw === 'string' ? STATES[raw] : undefined;
  const given = strings(attrs['job-state-reasons']).filter((r) => r !== 'none');
  if (!state) return { state: 'unknown', reasons: [`unrecognized-job-state:${String(raw)}`, ...given] };
  if (state !== 'aborted' && state !== 'canceled') {
    if (raw === 'pending-held' || raw === 'processing-stopped') given.unshift(raw);
    return { state, reasons: given };
  }
  const reasons = given.filter((r) => !NOISE.has(r));
  for (const key of ['job-state-message', 'job-printer-state-message']) {
    const msg = first(attrs[key]);
    if (typeof msg === 'string' && msg.trim() && !reasons.includes(msg.trim())) reasons.push(msg.trim());
  }
  if (reasons.length === 0) reasons.push(state === 'aborted' ? 'aborted-by-system' : 'canceled-by-someone');
  return { state, reasons };
}
