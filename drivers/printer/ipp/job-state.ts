/**
 * Turns a Get-Job-Attributes answer into the kiosk's PrinterJobState. Pure.
 */
import type { JobStateName, PrinterJobState } from '../types.js';
import { first, strings, type IppAttributes } from './attributes.js';

export const JOB_ATTRIBUTES = ['job-id', 'job-name', 'job-state', 'job-state-reasons', 'job-state-message'];

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
 * why a job waits. A state the printer does not name is `unknown`, never a guess.
 */
export function jobStateFromAttributes(attrs: IppAttributes): PrinterJobState {
  const raw = first(attrs['job-state']);
  const state = typeof raw === 'string' ? STATES[raw] : undefined;
  const reasons = strings(attrs['job-state-reasons']).filter((r) => r !== 'none');
  const message = first(attrs['job-state-message']);
  if (state && (state === 'aborted' || state === 'canceled') && typeof message === 'string' && message.trim()) reasons.push(message.trim());
  if (!state) return { state: 'unknown', reasons: [`unrecognized-job-state:${String(raw)}`, ...reasons] };
  if (raw === 'pending-held' || raw === 'processing-stopped') reasons.unshift(raw);
  return { state, reasons };
}
