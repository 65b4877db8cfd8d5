import { z } from 'zod';

/**
 * Lifecycle of one print job. The happy path is
 * requested -> authorized -> rendered -> submitted -> printed -> reported -> confirmed.
 * `failed`, `cancelled` and `needs_attention` are the other exits (see main/core/job-state.ts).
 */
export const JobStatus = z.enum([
  'requested',
  'authorized',
  'rendered',
  'submitted',
  'printed',
  'reported',
  'confirmed',
  'failed',
  'cancelled',
  'needs_attention',
]);
export type JobStatus = z.infer<typeof JobStatus>;
