/**
 * Durable print jobs on SQLite. Every state change and its audit event commit in one IMMEDIATE
 * transaction; an illegal transition throws and changes nothing.
 */
import type { DocumentKind, Language } from '../../shared/domain.js';
import type { JobStatus } from '../../shared/jobs.js';
import type { JobReport } from '../../shared/central-api.js';
import type { Db } from './db.js';
import { uuidv7 } from './ids.js';
import { BEFORE_PAPER, canTransition, IllegalTransitionError, OPEN_STATES } from './job-state.js';

export interface JobRow {
  id: string;
  idempotency_key: string;
  terminal_id: string;
  person_id: string;
  kind: DocumentKind;
  language: Language;
  template_id: string | null;
  template_version: string | null;
  copies: number;
  pages: number | null;
  serial: string | null;
  verification_code: string | null;
  printer_id: string | null;
  printer_job_id: string | null;
  status: JobStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobEventRow {
  id: number;
  job_id: string;
  at: string;
  from_status: JobStatus | null;
  to_status: JobStatus;
  detail: string | null;
}

export interface NewJob {
  idempotencyKey: string;
  terminalId: string;
  personId: string;
  kind: DocumentKind;
  language: Language;
  copies: number;
}

/** Columns a transition may set together with the status. */
export type JobPatch = Partial<
  Pick<JobRow, 'template_id' | 'template_version' | 'pages' | 'serial' | 'verification_code' | 'printer_id' | 'printer_job_id' | 'last_error' | 'attempts'>
>;

const PATCHABLE = new Set(['template_id', 'template_version', 'pages', 'serial', 'verification_code', 'printer_id', 'printer_job_id', 'last_error', 'attempts']);

export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
  constructor(readonly jobId: string) {
    super(`No print job with id ${jobId} in the local queue.`);
  }
}

export class JobStore {
  constructor(
    readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Creates the job for an idempotency key, or returns the existing one: one print request is one job,
   * however often it is sent.
   */
  create(job: NewJob): { job: JobRow; created: boolean } {
    return this.db
      .transaction(() => {
        const existing = this.byKey(job.idempotencyKey);
        if (existing) return { job: existing, created: false };
        const at = this.now().toISOString();
        const id = uuidv7(this.now().getTime());
        this.db
          .prepare(
            `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
          )
          .run(id, job.idempotencyKey, job.terminalId, job.personId, job.kind, job.language, job.copies, at, at);
        this.db.prepare('INSERT INTO job_events (job_id, at, from_status, to_status, detail) VALUES (?, ?, NULL, ?, ?)').run(id, at, 'requested', null);
        return { job: this.get(id), created: true };
      })
      .immediate();
  }

  get(id: string): JobRow {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new JobNotFoundError(id);
    return row;
  }

  byKey(key: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE idempotency_key = ?').get(key) as JobRow | undefined;
  }

  /**
   * Moves a job to `to`, optionally setting columns and queueing its report for central, all in one
   * transaction together with the audit event.
   */
  transition(id: string, to: JobStatus, detail: string | null = null, patch: JobPatch = {}, report?: JobReport): JobRow {
    return this.db
      .transaction(() => {
        const job = this.get(id);
        if (!canTransition(job.status, to)) throw new IllegalTransitionError(id, job.status, to);
        const at = this.now().toISOString();
        const cols = Object.keys(patch).filter((k) => PATCHABLE.has(k));
        const sets = ['status = @status', 'updated_at = @at', ...cols.map((c) => `${c} = @${c}`)];
        this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, status: to, at, id });
        this.db.prepare('INSERT INTO job_events (job_id, at, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?)').run(id, at, job.status, to, detail);
        if (report) {
          this.db
            .prepare('INSERT INTO outbox (job_id, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (job_id) DO UPDATE SET payload = excluded.payload')
            .run(id, JSON.stringify(report), 0, this.now().getTime());
        }
        return this.get(id);
      })
      .immediate();
  }

  /** Appends an audit event without changing the status (e.g. a failed attempt that will be retried). */
  note(id: string, detail: string, patch: JobPatch = {}): void {
    this.db
      .transaction(() => {
        const job = this.get(id);
        const at = this.now().toISOString();
        const cols = Object.keys(patch).filter((k) => PATCHABLE.has(k));
        this.db.prepare(`UPDATE jobs SET ${['updated_at = @at', ...cols.map((c) => `${c} = @${c}`)].join(', ')} WHERE id = @id`).run({ ...patch, at, id });
        this.db.prepare('INSERT INTO job_events (job_id, at, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?)').run(id, at, job.status, job.status, detail);
      })
      .immediate();
  }

  events(id: string): JobEventRow[] {
    return this.db.prepare('SELECT * FROM job_events WHERE job_id = ? ORDER BY id').all(id) as JobEventRow[];
  }

  listByStatus(statuses: readonly JobStatus[]): JobRow[] {
    return this.db.prepare(`SELECT * FROM jobs WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY id`).all(...statuses) as JobRow[];
  }

  /** Jobs that are not finished: to be resumed or reconciled at start. */
  unfinished(): JobRow[] {
    return this.listByStatus(OPEN_STATES);
  }

  beforePaper(): JobRow[] {
    return this.listByStatus(BEFORE_PAPER);
  }

  // ---- outbox -------------------------------------------------------------------------------

  /** Reports due now, oldest first. */
  dueReports(limit: number, nowMs = this.now().getTime()): { job_id: string; payload: JobReport; attempts: number }[] {
    const rows = this.db.prepare('SELECT job_id, payload, attempts FROM outbox WHERE next_attempt_at <= ? ORDER BY created_at, job_id LIMIT ?').all(nowMs, limit) as {
      job_id: string;
      payload: string;
      attempts: number;
    }[];
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as JobReport }));
  }

  deferReports(jobIds: string[], nextAttemptAt: number): void {
    const stmt = this.db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE job_id = ?');
    this.db.transaction(() => jobIds.forEach((id) => stmt.run(nextAttemptAt, id))).immediate();
  }

  removeReport(jobId: string): void {
    this.db.prepare('DELETE FROM outbox WHERE job_id = ?').run(jobId);
  }

  backlog(nowMs = this.now().getTime()): { backlog: number; oldestAgeS: number | null } {
    const r = this.db.prepare('SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox').get() as { n: number; oldest: number | null };
    return { backlog: r.n, oldestAgeS: r.oldest === null ? null : Math.max(0, Math.round((nowMs - r.oldest) / 1000)) };
  }
}
