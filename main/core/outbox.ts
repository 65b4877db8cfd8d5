/**
 * Sends job reports to central in batches (up to 100) and records central's confirmations.
 *
 * Reports live in the `outbox` table, written in the same transaction as the job's final state, so
 * they survive restarts. A failed send backs off exponentially with full jitter, capped, both in
 * memory (the whole outbox pauses) and per report on disk. Central deduplicates by job id, so a report
 * whose answer was lost is simply sent again and is confirmed, never counted twice.
 *
 * Central contradicting the local record (unknown job, other serial, other outcome) never deletes
 * anything: the job is flagged for staff, logged, and kept.
 */
import {
  CentralProtocolError,
  CentralRejectedError,
  CentralUnavailableError,
  type CentralApi,
} from './central-client.js';
import type { JobNote, JobRow, JobStore, JobTransition, OutboxEntry } from './job-store.js';
import type { Logger } from './log.js';
import { backoffDelay } from './queue/backoff.js';
import type { Checkpoint } from './queue/steps.js';

export interface OutboxOptions {
  jobs: JobStore;
  central: CentralApi;
  log: Logger;
  onJob: (job: JobRow) => void;
  /** Reports per request, at most 100 (the contract's limit). */
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** Retry by itself when reports are deferred (otherwise the caller flushes periodically). */
  autoRetry?: boolean;
  /** Fault-injection hook for the crash test; see queue/steps.ts. */
  checkpoint?: Checkpoint;
}

export interface OutboxStatus {
  backlog: number;
  oldestAgeS: number | null;
  /** Consecutive failed sends; 0 when the last send worked. */
  failures: number;
  /** When the next send may happen (ms since epoch), or null when not paused. */
  pausedUntil: number | null;
}

export { backoffDelay };

const MAX_BATCH = 100;

export class Outbox {
  private sending: Promise<number> | null = null;
  private again = false;
  private failures = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly o: OutboxOptions) {}

  private batchSize(): number {
    return Math.max(1, Math.min(MAX_BATCH, this.o.batchSize ?? MAX_BATCH));
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, this.o.baseDelayMs ?? 1000, this.o.maxDelayMs ?? 5 * 60_000, this.o.random);
  }

  /** Sends every due report; resolves with how many were settled. Concurrent calls share one run. Never rejects. */
  flush(): Promise<number> {
    if (this.sending) {
      this.again = true;
      return this.sending;
    }
    this.sending = (async () => {
      let settled = 0;
      do {
        this.again = false;
        settled += await this.sendAll();
      } while (this.again && !this.stopped);
      return settled;
    })()
      .catch((err: Error) => {
        this.o.log.error('job reports could not be processed', { error: err.message });
        return 0;
      })
      .finally(() => {
        this.sending = null;
        this.scheduleRetry();
      });
    return this.sending;
  }

  /** Ends the backoff and sends every waiting report now (central is known to be back, e.g. it answered a heartbeat). */
  resume(): Promise<number> {
    this.pausedUntil = 0;
    try {
      this.o.jobs.reportsDueNow();
    } catch (err) {
      this.o.log.error('job reports could not be rescheduled', { error: (err as Error).message });
    }
    return this.flush();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  status(nowMs = Date.now()): OutboxStatus {
    return {
      ...this.o.jobs.backlog(nowMs),
      failures: this.failures,
      pausedUntil: this.pausedUntil > nowMs ? this.pausedUntil : null,
    };
  }

  private scheduleRetry(): void {
    if (!this.o.autoRetry || this.stopped) return;
    let next: number | null;
    try {
      next = this.o.jobs.nextReportDue();
    } catch {
      return;
    }
    if (next === null) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), Math.max(20, Math.max(next, this.pausedUntil) - Date.now()));
    this.timer.unref();
  }

  private async sendAll(): Promise<number> {
    let settled = 0;
    for (;;) {
      if (this.stopped || Date.now() < this.pausedUntil) return settled;
      const due = this.o.jobs.dueReports(this.batchSize());
      if (due.length === 0) return settled;
      const sent = await this.send(due);
      settled += sent.settled;
      if (sent.backedOff) return settled;
    }
  }

  /**
   * Sends one batch and records the answer. A 400 is blamed on a report only when central names it
   * (`fields` paths `reports.N...`, see central/http.ts invalidRequest): the reports it did not name
   * go again together, then each named one alone (`singledOut`), and only a report central names
   * again when it is sent alone after that is handed to staff. A 400 that names no report, or every
   * report of the batch (a version mismatch, a gateway answering 400), is central's fault: back off
   * and keep every report.
   */
  private async send(due: OutboxEntry[], singledOut = false): Promise<{ settled: number; backedOff: boolean }> {
    const ids = due.map((r) => r.job_id);
    // A printed job is `reported` while its report is in flight; a crash here just resends it.
    const marking = due.filter((r) => this.o.jobs.get(r.job_id).status === 'printed');
    this.o.jobs
      .transitionMany(
        marking.map((r) => ({ id: r.job_id, to: 'reported', detail: `report sent (attempt ${r.attempts + 1})` })),
      )
      .forEach((j) => this.o.onJob(j));
    this.o.checkpoint?.('report:marked', ids);

    let results;
    try {
      ({ results } = await this.o.central.call('reportJobs', { reports: due.map((r) => r.payload) }));
    } catch (err) {
      if (err instanceof CentralRejectedError && err.status === 400) {
        const named = namedReports(err, due.length);
        if (singledOut && named.has(0)) return { settled: this.handToStaff(due[0]!, err), backedOff: false };
        if (named.size > 0 && named.size < due.length) return this.sendApart(due, named);
      }
      this.backOff(due, err as Error);
      return { settled: 0, backedOff: true };
    }
    this.o.checkpoint?.('report:answered', ids);
    this.failures = 0;
    const settled = this.settle(due, results);
    this.o.checkpoint?.('report:confirmed', ids);
    return { settled, backedOff: false };
  }

  /**
   * Central named some reports of a batch as invalid: the others go first, together (central taking
   * them shows it takes reports at all), then each named one alone.
   */
  private async sendApart(due: OutboxEntry[], named: Set<number>): Promise<{ settled: number; backedOff: boolean }> {
    const parts = [due.filter((_, i) => !named.has(i)), ...due.filter((_, i) => named.has(i)).map((r) => [r])];
    let settled = 0;
    for (const [n, part] of parts.entries()) {
      if (this.stopped) return { settled, backedOff: true };
      const sent = await this.send(part, n > 0);
      settled += sent.settled;
      if (sent.backedOff) return { settled, backedOff: true };
    }
    return { settled, backedOff: false };
  }

  /** The whole outbox pauses (capped exponential backoff with full jitter); every report is kept. */
  private backOff(due: OutboxEntry[], err: Error): void {
    this.failures++;
    const delay = this.delay(this.failures - 1);
    this.pausedUntil = Date.now() + delay;
    this.o.jobs.deferReports(
      due.map((r) => r.job_id),
      this.pausedUntil,
    );
    const extra = { count: due.length, retryInMs: delay, error: err.message };
    if (err instanceof CentralRejectedError && err.status === 400) {
      // None named, every one named, or one named that central took no other report beside: a version
      // mismatch or a gateway in between as likely as one bad report.
      const fields = err.fields.slice(0, 5).map((f) => `${f.path}: ${f.message}`);
      this.o.log.error(
        'central refused job reports with 400 and no single report can be blamed (check that central and this kiosk run compatible versions, and any proxy in between); all reports kept, will retry',
        { ...extra, fields },
      );
    } else if (
      err instanceof CentralUnavailableError ||
      err instanceof CentralRejectedError ||
      err instanceof CentralProtocolError
    ) {
      this.o.log.warn('job reports not delivered, will retry', extra);
    } else this.o.log.error('job reports not delivered, will retry', extra);
  }

  /**
   * Central names this report, sent alone after it took the others of its batch, as invalid: it could
   * never be accepted. Flag the job for staff and stop sending its report; the job is kept.
   */
  private handToStaff(r: OutboxEntry, err: CentralRejectedError): number {
    const why = err.fields.map((f) => `${f.path.replace(/^reports\.0\.?/, '') || 'report'}: ${f.message}`).join('; ');
    const reason = `central refused the report as malformed: ${why}`.slice(0, 500);
    this.o.log.error('central refused a job report as malformed', {
      jobId: r.job_id,
      error: err.message,
      fields: err.fields.slice(0, 5),
    });
    const job = this.o.jobs.get(r.job_id);
    this.o.jobs.apply({
      ...(job.status === 'reported'
        ? { steps: [{ id: job.id, to: 'needs_attention', detail: reason, patch: { flag: reason } }] }
        : { notes: [{ id: job.id, detail: reason, patch: { flag: reason } }] }),
      removeReports: [job.id],
    });
    this.o.onJob(this.o.jobs.get(job.id));
    return 1;
  }

  /** Records central's per-job answers in one transaction. */
  private settle(
    due: OutboxEntry[],
    results: { jobId: string; result: 'confirmed' | 'rejected'; reason?: string | undefined }[],
  ): number {
    const byId = new Map(results.map((r) => [r.jobId, r]));
    const at = new Date().toISOString();
    const steps: JobTransition[] = [];
    const notes: JobNote[] = [];
    const removeReports: string[] = [];
    const missing: OutboxEntry[] = [];
    for (const r of due) {
      const result = byId.get(r.job_id);
      if (!result) {
        missing.push(r);
        continue;
      }
      const job = this.o.jobs.get(r.job_id);
      if (result.result === 'confirmed') {
        if (job.status === 'reported')
          steps.push({ id: job.id, to: 'confirmed', detail: 'central confirmed', patch: { central_confirmed_at: at } });
        else
          notes.push({
            id: job.id,
            detail: `central confirmed the ${r.payload.outcome} report`,
            patch: { central_confirmed_at: at },
          });
      } else {
        // Central contradicts our record: keep the job, flag it for staff, never drop it silently.
        const reason = `central rejected the ${r.payload.outcome} report: ${result.reason ?? 'no reason given'}`.slice(
          0,
          500,
        );
        this.o.log.error('central contradicts the local record', {
          jobId: job.id,
          serial: r.payload.serial,
          outcome: r.payload.outcome,
          reason: result.reason,
        });
        if (job.status === 'reported')
          steps.push({
            id: job.id,
            to: 'needs_attention',
            detail: reason,
            patch: { flag: reason, last_error: reason },
          });
        else notes.push({ id: job.id, detail: reason, patch: { flag: reason } });
      }
      removeReports.push(r.job_id);
    }
    this.o.jobs.apply({ notes, steps, removeReports });
    for (const s of steps) this.o.onJob(this.o.jobs.get(s.id));
    if (missing.length) {
      // Central left some reports unanswered: send them again later.
      this.o.log.warn('central did not answer every report', { count: missing.length });
      const attempt = Math.max(...missing.map((m) => m.attempts));
      this.o.jobs.deferReports(
        missing.map((m) => m.job_id),
        Date.now() + this.delay(attempt),
      );
    }
    return removeReports.length;
  }
}

/** Indexes of the reports (below `count`) that a 400's `fields` name: paths `reports.N` or `reports.N.<field>`. */
export function namedReports(err: CentralRejectedError, count: number): Set<number> {
  const named = new Set<number>();
  for (const f of err.fields) {
    const m = /^reports\.(\d+)(?:\.|$)/.exec(f.path);
    const i = m ? Number(m[1]) : -1;
    if (i >= 0 && i < count) named.add(i);
  }
  return named;
}
