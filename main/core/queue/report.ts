import type { JobReport } from '../../../shared/central-api.js';
import type { JobRow } from '../job-store.js';

/** The report central gets for a finished job, or undefined for a job central never authorized. */
export function reportFor(job: JobRow, outcome: JobReport['outcome'], finishedAt: string, detail?: string): JobReport | undefined {
  if (!job.serial) return undefined; // never authorized: central has nothing to count or release
  return { jobId: job.id, serial: job.serial, outcome, pages: job.pages ?? 0, copies: job.copies, finishedAt, ...(detail ? { detail: detail.slice(0, 500) } : {}) };
}

/** Spreads `{ report }` only when there is one (exactOptionalPropertyTypes). */
export function withReport(report: JobReport | undefined): { report?: JobReport } {
  return report ? { report } : {};
}
