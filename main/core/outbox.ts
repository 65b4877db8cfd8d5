/**
 * Sends job reports to central in batches and records central's confirmations.
 * Reports live in the `outbox` table (written in the same transaction as the job's final state), so
 * they survive restarts; failed sends back off exponentially with full jitter, capped.
 */
import { CentralRejectedError, CentralUnavailableError, type CentralClient } from './central-client.js';
import type { JobRow, JobStore } from './job-store.js';
import type { Logger } from './log.js';

export interface OutboxOptions {
  jobs: JobStore;
  central: CentralClient;
  log: Logger;
  onJob: (job: JobRow) => void;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)]. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}

export class Outbox {
  private sending: Promise<number> | null = null;

  constructor(private readonly o: OutboxOptions) {}

  /** Sends every due report; returns how many were confirmed or settled. Concurrent calls share one run. */
  flush(): Promise<number> {
    this.sending ??= this.sendAll().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendAll(): Promise<number> {
    let settled = 0;
    for (;;) {
      const due = this.o.jobs.dueReports(this.o.batchSize ?? 100);
      if (due.length === 0) return settled;
      // A printed job is `reported` while its report is in flight; a crash here just resends it.
      for (const r of due) {
        const job = this.o.jobs.get(r.job_id);
        if (job.status === 'printed') this.o.onJob(this.o.jobs.transition(job.id, 'reported', `report sent (attempt ${r.attempts + 1})`));
      }
      let results;
      try {
        ({ results } = await this.o.central.call('reportJobs', { reports: due.map((r) => r.payload) }));
      } catch (err) {
        const attempts = Math.max(...due.map((r) => r.attempts));
        const delay = backoffDelay(attempts, this.o.baseDelayMs ?? 1000, this.o.maxDelayMs ?? 5 * 60_000, this.o.random);
        this.o.jobs.deferReports(due.map((r) => r.job_id), Date.now() + delay);
        if (err instanceof CentralUnavailableError || err instanceof CentralRejectedError) {
          this.o.log.warn('job reports not delivered, will retry', { count: due.length, retryInMs: delay, error: err.message });
          return settled;
        }
        throw err;
      }
      const byId = new Map(results.map((r) => [r.jobId, r]));
      for (const r of due) {
        const result = byId.get(r.job_id);
        const job = this.o.jobs.get(r.job_id);
        if (!result) {
          this.o.jobs.deferReports([r.job_id], Date.now() + backoffDelay(r.attempts, this.o.baseDelayMs ?? 1000, this.o.maxDelayMs ?? 300_000, this.o.random));
          continue;
        }
        if (result.result === 'confirmed') {
          if (job.status === 'reported') this.o.onJob(this.o.jobs.transition(job.id, 'confirmed', 'central confirmed'));
          else this.o.jobs.note(job.id, `central confirmed the ${r.payload.outcome} report`);
        } else {
          // Central contradicts our record: keep the job, flag it for staff, never drop it silently.
          this.o.log.error('central rejected a job report', { jobId: job.id, reason: result.reason });
          if (job.status === 'reported') this.o.onJob(this.o.jobs.transition(job.id, 'needs_attention', `central rejected the report: ${result.reason ?? 'no reason'}`));
          else this.o.jobs.note(job.id, `central rejected the ${r.payload.outcome} report: ${result.reason ?? 'no reason'}`);
        }
        this.o.jobs.removeReport(r.job_id);
        settled++;
      }
    }
  }
}
