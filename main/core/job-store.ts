/**
 * Durable print jobs on SQLite. Every state change and its audit event commit in one IMMEDIATE
 * transaction; an illegal transition throws and changes nothing. A database that cannot be written
 * (disk full, read-only) makes `create()` refuse new jobs with StorageUnavailableError while every
 * committed record stays as it was.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Purpose, type DocumentKind, type Language } from '../../shared/domain.js';
import type { JobStatus } from '../../shared/jobs.js';
import type { JobReport } from '../../shared/central-api.js';
import type { Statement } from 'better-sqlite3';
import { guardStorage, isStorageFailure, StorageUnavailableError, type Db } from './db.js';
import { uuidv7Sequence } from './ids.js';
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
  /** Why staff must look at this job although its status may be final (central contradicted it). */
  flag: string | null;
  /**
   * When central settled this job: it confirmed the job's final report, or it refused the job's
   * authorization for a reason that shows it holds nothing for it (queue/report.ts REFUSALS_HOLDING_NOTHING).
   */
  central_confirmed_at: string | null;
  /** How often the kiosk restarted while this job was open. */
  resumes: number;
  /** The job a staff reprint replaces (central moves its free copies over), or null. */
  reprint_of: string | null;
  /** The purpose picked (a Purpose as JSON), or null for the general one: read it with `jobPurpose`. */
  purpose: string | null;
  /** Days the document vouches for its holder, from central's authorization; null: the engine's default. */
  valid_days: number | null;
  /** SHA-256 (hex) of the PDF file sent to the printer, and the render's content digest: both go into the printed report. */
  file_sha256: string | null;
  content_digest: string | null;
  /** What central charged for the job in fen, from its authorization; null: not authorized (yet). */
  charged_cents: number | null;
}

/**
 * The purpose a job prints: the one picked, or undefined (the general purpose) when none was. A stored
 * purpose that cannot be read throws: the job fails rather than print a purpose the person did not pick.
 */
export function jobPurpose(job: Pick<JobRow, 'id' | 'purpose'>): Purpose | undefined {
  if (!job.purpose) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(job.purpose);
  } catch {
    raw = undefined;
  }
  const p = Purpose.safeParse(raw);
  if (!p.success) throw new Error(`job ${job.id}: its stored purpose cannot be read (${job.purpose.slice(0, 80)})`);
  return p.data;
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
  /** Set by a staff reprint: the job that never came out and that this one replaces. */
  reprintOf?: string;
  /** The purpose (用途) the person picked, in the words that print. */
  purpose?: Purpose | undefined;
}

/** Columns a transition may set together with the status. */
export type JobPatch = Partial<
  Pick<
    JobRow,
    | 'template_id'
    | 'template_version'
    | 'pages'
    | 'serial'
    | 'verification_code'
    | 'printer_id'
    | 'printer_job_id'
    | 'valid_days'
    | 'charged_cents'
    | 'file_sha256'
    | 'content_digest'
    | 'last_error'
    | 'attempts'
    | 'flag'
    | 'central_confirmed_at'
    | 'resumes'
  >
>;

// Exhaustive over JobPatch: a column added to the type and not here does not compile (it would be dropped silently).
const PATCHABLE_COLUMNS: Record<keyof JobPatch, true> = {
  template_id: true,
  template_version: true,
  pages: true,
  serial: true,
  verification_code: true,
  printer_id: true,
  printer_job_id: true,
  valid_days: true,
  charged_cents: true,
  file_sha256: true,
  content_digest: true,
  last_error: true,
  attempts: true,
  flag: true,
  central_confirmed_at: true,
  resumes: true,
};
const PATCHABLE = new Set(Object.keys(PATCHABLE_COLUMNS));

/** One step for `transitionMany`. */
export interface JobTransition {
  id: string;
  to: JobStatus;
  detail?: string | null;
  patch?: JobPatch;
  report?: JobReport;
}

/** One audit note for `noteMany`. */
export interface JobNote {
  id: string;
  detail: string;
  patch?: JobPatch;
}

export interface OutboxEntry {
  job_id: string;
  payload: JobReport;
  attempts: number;
}

export interface JobStoreOptions {
  now?: () => Date;
  /** New jobs are refused when the data folder has less free space than this (default 16 MiB). */
  minFreeBytes?: number;
  /** Free bytes where the database lives (default: statfs of its folder); injectable for tests. */
  freeBytes?: () => number;
}

export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
  constructor(readonly jobId: string) {
    super(`No print job with id ${jobId} in the local queue.`);
  }
}

const DAY_MS = 86_400_000;

export class JobStore {
  private readonly now: () => Date;
  private readonly file: string;
  private failure: StorageUnavailableError | null = null;
  private readonly sql;
  /** Job ids in creation order, even for jobs created in the same millisecond. */
  private readonly nextId = uuidv7Sequence();

  constructor(
    readonly db: Db,
    private readonly options: JobStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.file = db.name;
    this.sql = {
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      byKey: db.prepare('SELECT * FROM jobs WHERE idempotency_key = ?'),
      bySerial: db.prepare('SELECT * FROM jobs WHERE serial = ?'),
      insertJob: db.prepare(
        `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, reprint_of, purpose, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
      ),
      event: db.prepare('INSERT INTO job_events (job_id, at, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?)'),
      events: db.prepare('SELECT * FROM job_events WHERE job_id = ? ORDER BY id'),
      enqueue: db.prepare(
        'INSERT INTO outbox (job_id, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (job_id) DO UPDATE SET payload = excluded.payload',
      ),
      hasReport: db.prepare('SELECT 1 FROM outbox WHERE job_id = ?'),
      due: db.prepare(
        'SELECT job_id, payload, attempts FROM outbox WHERE next_attempt_at <= ? ORDER BY created_at, job_id LIMIT ?',
      ),
      defer: db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE job_id = ?'),
      removeReport: db.prepare('DELETE FROM outbox WHERE job_id = ?'),
      backlog: db.prepare('SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox'),
      nextDue: db.prepare('SELECT MIN(next_attempt_at) AS at FROM outbox'),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status'),
      flagged: db.prepare('SELECT * FROM jobs WHERE flag IS NOT NULL OR status = ? ORDER BY id'),
      probe: db.prepare(
        'INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      ),
      prunable: db.prepare(
        `SELECT id FROM jobs WHERE updated_at < ? AND flag IS NULL AND (
           status = 'confirmed'
           OR (status IN ('failed', 'cancelled') AND central_confirmed_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.job_id = jobs.id))
         ) LIMIT ?`,
      ),
      deleteJob: db.prepare('DELETE FROM jobs WHERE id = ?'),
      overResumed: db.prepare(
        `SELECT * FROM jobs WHERE status IN ('requested', 'authorized', 'rendered') AND resumes >= ? ORDER BY id`,
      ),
      resumeEvents: db.prepare(
        `INSERT INTO job_events (job_id, at, from_status, to_status, detail)
         SELECT id, @at, status, status, @detail FROM jobs WHERE status IN ('requested', 'authorized', 'rendered') AND resumes < @below ORDER BY id`,
      ),
      resumeJobs: db.prepare(
        `UPDATE jobs SET resumes = resumes + 1, updated_at = @at WHERE status IN ('requested', 'authorized', 'rendered') AND resumes < @below`,
      ),
      withoutReport: db.prepare(
        `SELECT * FROM jobs WHERE status IN ('printed', 'reported') AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.job_id = jobs.id) ORDER BY id`,
      ),
    };
  }

  /** Runs a write; a storage failure is remembered (for status) and thrown as StorageUnavailableError. */
  private write<T>(fn: () => T): T {
    try {
      const result = guardStorage(this.file, fn);
      this.failure = null;
      return result;
    } catch (err) {
      if (err instanceof StorageUnavailableError) this.failure = err;
      throw err;
    }
  }

  /** The last storage failure, or null once a write has succeeded again. */
  storageFailure(): StorageUnavailableError | null {
    return this.failure;
  }

  /**
   * Checks that the database can take a new job now: enough free space, and a real durable write
   * succeeds. Throws StorageUnavailableError otherwise. Cheap enough to call before every print request.
   */
  assertWritable(): void {
    const min = this.options.minFreeBytes ?? 16 * 1024 * 1024;
    let free = Infinity;
    try {
      free = this.options.freeBytes
        ? this.options.freeBytes()
        : this.file && this.file !== ':memory:'
          ? freeBytesAt(dirname(this.file))
          : Infinity;
    } catch (err) {
      if (isStorageFailure(err)) throw (this.failure = new StorageUnavailableError(this.file, err.code, err.message));
    }
    if (free < min)
      throw (this.failure = new StorageUnavailableError(
        this.file,
        'ENOSPC',
        `only ${free} bytes free, at least ${min} needed`,
      ));
    this.write(() => this.sql.probe.run(this.now().toISOString()));
  }

  /**
   * Creates the job for an idempotency key, or returns the existing one: one print request is one job,
   * however often it is sent. An existing job is returned even when the disk is full; a new one is
   * refused with StorageUnavailableError.
   */
  create(job: NewJob): { job: JobRow; created: boolean } {
    const existing = this.byKey(job.idempotencyKey);
    if (existing) return { job: existing, created: false };
    this.assertWritable();
    return this.write(() =>
      this.db
        .transaction(() => {
          const again = this.byKey(job.idempotencyKey);
          if (again) return { job: again, created: false };
          const at = this.now().toISOString();
          const id = this.nextId(this.now().getTime());
          this.sql.insertJob.run(
            id,
            job.idempotencyKey,
            job.terminalId,
            job.personId,
            job.kind,
            job.language,
            job.copies,
            job.reprintOf ?? null,
            job.purpose ? JSON.stringify(job.purpose) : null,
            at,
            at,
          );
          this.sql.event.run(id, at, null, 'requested', null);
          return { job: this.get(id), created: true };
        })
        .immediate(),
    );
  }

  get(id: string): JobRow {
    const row = this.sql.get.get(id) as JobRow | undefined;
    if (!row) throw new JobNotFoundError(id);
    return row;
  }

  byKey(key: string): JobRow | undefined {
    return this.sql.byKey.get(key) as JobRow | undefined;
  }

  /** The job holding a serial (serials are unique: migration 7). */
  bySerial(serial: string): JobRow | undefined {
    return this.sql.bySerial.get(serial) as JobRow | undefined;
  }

  /** UPDATE statements per set of columns, prepared once (recovery applies thousands). */
  private readonly updates = new Map<string, Statement>();

  private update(withStatus: boolean, patch: JobPatch): Statement {
    const cols = Object.keys(patch).filter((k) => PATCHABLE.has(k));
    const key = `${withStatus}:${cols.join(',')}`;
    let stmt = this.updates.get(key);
    if (!stmt) {
      const sets = [
        ...(withStatus ? ['status = @status'] : []),
        'updated_at = @at',
        ...cols.map((c) => `${c} = @${c}`),
      ];
      stmt = this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`);
      this.updates.set(key, stmt);
    }
    return stmt;
  }

  private applyTransition(t: JobTransition, at: string): JobRow {
    const job = this.get(t.id);
    if (!canTransition(job.status, t.to)) throw new IllegalTransitionError(t.id, job.status, t.to);
    const patch = t.patch ?? {};
    this.update(true, patch).run({ ...pick(patch), status: t.to, at, id: t.id });
    this.sql.event.run(t.id, at, job.status, t.to, t.detail ?? null);
    if (t.report) this.sql.enqueue.run(t.id, JSON.stringify(t.report), this.now().getTime(), this.now().getTime());
    return this.get(t.id);
  }

  private applyNote(n: JobNote, at: string): void {
    const job = this.get(n.id);
    const patch = n.patch ?? {};
    this.update(false, patch).run({ ...pick(patch), at, id: n.id });
    this.sql.event.run(n.id, at, job.status, job.status, n.detail);
  }

  /**
   * Moves a job to `to`, optionally setting columns and queueing its report for central, all in one
   * transaction together with the audit event.
   */
  transition(
    id: string,
    to: JobStatus,
    detail: string | null = null,
    patch: JobPatch = {},
    report?: JobReport,
  ): JobRow {
    return this.write(() =>
      this.db
        .transaction(() =>
          this.applyTransition({ id, to, detail, patch, ...(report ? { report } : {}) }, this.now().toISOString()),
        )
        .immediate(),
    );
  }

  /** Several transitions in one transaction (one disk sync): all of them happen, or none. */
  transitionMany(steps: readonly JobTransition[]): JobRow[] {
    if (steps.length === 0) return [];
    return this.write(() =>
      this.db
        .transaction(() => {
          const at = this.now().toISOString();
          return steps.map((s) => this.applyTransition(s, at));
        })
        .immediate(),
    );
  }

  /** Appends an audit event without changing the status (e.g. a failed attempt that will be retried). */
  note(id: string, detail: string, patch: JobPatch = {}): void {
    this.write(() =>
      this.db.transaction(() => this.applyNote({ id, detail, patch }, this.now().toISOString())).immediate(),
    );
  }

  /**
   * Notes, transitions, queued reports and removed reports in one transaction (one disk sync for a
   * whole batch: start-up recovery of thousands of jobs, a batch of central's confirmations).
   * `resumeBeforePaper` counts a restart on every job before paper that has had fewer than `below`
   * restarts, with one audit event each, set-based; the number of jobs is returned.
   */
  apply(batch: {
    notes?: readonly JobNote[];
    steps?: readonly JobTransition[];
    enqueue?: readonly { id: string; report: JobReport }[];
    removeReports?: readonly string[];
    resumeBeforePaper?: { below: number; detail: string };
  }): number {
    const { notes = [], steps = [], enqueue = [], removeReports = [], resumeBeforePaper } = batch;
    if (notes.length + steps.length + enqueue.length + removeReports.length === 0 && !resumeBeforePaper) return 0;
    return this.write(() =>
      this.db
        .transaction(() => {
          const at = this.now().toISOString();
          for (const n of notes) this.applyNote(n, at);
          for (const s of steps) this.applyTransition(s, at);
          for (const r of enqueue)
            this.sql.enqueue.run(r.id, JSON.stringify(r.report), this.now().getTime(), this.now().getTime());
          for (const id of removeReports) this.sql.removeReport.run(id);
          if (!resumeBeforePaper) return 0;
          const args = { at, below: resumeBeforePaper.below, detail: resumeBeforePaper.detail };
          this.sql.resumeEvents.run(args);
          return this.sql.resumeJobs.run(args).changes;
        })
        .immediate(),
    );
  }

  /** Jobs before paper that were already resumed `atLeast` times. */
  beforePaperResumedAtLeast(atLeast: number): JobRow[] {
    return this.sql.overResumed.all(atLeast) as JobRow[];
  }

  /** Printed or reported jobs whose report is not in the outbox (it should always be: a repair for old data). */
  withoutReport(): JobRow[] {
    return this.sql.withoutReport.all() as JobRow[];
  }

  /** Flags a job for staff without changing its status (central contradicted a final job). */
  flag(id: string, reason: string): void {
    this.note(id, `flagged for staff: ${reason}`, { flag: reason.slice(0, 500) });
  }

  events(id: string): JobEventRow[] {
    return this.sql.events.all(id) as JobEventRow[];
  }

  listByStatus(statuses: readonly JobStatus[]): JobRow[] {
    return this.db
      .prepare(`SELECT * FROM jobs WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY id`)
      .all(...statuses) as JobRow[];
  }

  /** Jobs that are not finished: to be resumed or reconciled at start. */
  unfinished(): JobRow[] {
    return this.listByStatus(OPEN_STATES);
  }

  beforePaper(): JobRow[] {
    return this.listByStatus(BEFORE_PAPER);
  }

  /** Jobs staff must look at: `needs_attention`, or flagged because central contradicted them. */
  attention(): JobRow[] {
    return this.sql.flagged.all('needs_attention') as JobRow[];
  }

  /** Number of jobs per status (statuses without jobs are absent). */
  countByStatus(): Partial<Record<JobStatus, number>> {
    const rows = this.sql.counts.all() as { status: JobStatus; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Deletes jobs (and their audit events) that central settled more than `days` days ago, in batches:
   * `confirmed` jobs, and `failed`/`cancelled` jobs central confirmed or refused (`central_confirmed_at`).
   * Never touches a job that is open, needs attention, is flagged, still has a report to deliver, or may
   * be authorized at central without this kiosk knowing (failed without a serial, central never settled it).
   */
  prune(days: number, nowMs = this.now().getTime(), batch = 500): number {
    const cutoff = new Date(nowMs - days * DAY_MS).toISOString();
    let total = 0;
    for (;;) {
      const n = this.write(() =>
        this.db
          .transaction(() => {
            const ids = this.sql.prunable.all(cutoff, batch) as { id: string }[];
            for (const { id } of ids) this.sql.deleteJob.run(id);
            return ids.length;
          })
          .immediate(),
      );
      total += n;
      if (n < batch) return total;
    }
  }

  // ---- outbox -------------------------------------------------------------------------------

  /** Reports due now, oldest first. */
  dueReports(limit: number, nowMs = this.now().getTime()): OutboxEntry[] {
    const rows = this.sql.due.all(nowMs, limit) as { job_id: string; payload: string; attempts: number }[];
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as JobReport }));
  }

  hasReport(jobId: string): boolean {
    return this.sql.hasReport.get(jobId) !== undefined;
  }

  deferReports(jobIds: string[], nextAttemptAt: number): void {
    if (jobIds.length === 0) return;
    this.write(() =>
      this.db.transaction(() => jobIds.forEach((id) => this.sql.defer.run(nextAttemptAt, id))).immediate(),
    );
  }

  /** Makes every deferred report due now (central is known to be back). */
  reportsDueNow(nowMs = this.now().getTime()): number {
    return this.write(
      () =>
        this.db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ?').run(nowMs, nowMs).changes,
    );
  }

  removeReport(jobId: string): void {
    this.write(() => this.sql.removeReport.run(jobId));
  }

  /** When the next deferred report is due (ms since epoch), or null when the outbox is empty. */
  nextReportDue(): number | null {
    return (this.sql.nextDue.get() as { at: number | null }).at;
  }

  backlog(nowMs = this.now().getTime()): { backlog: number; oldestAgeS: number | null } {
    const r = this.sql.backlog.get() as { n: number; oldest: number | null };
    return { backlog: r.n, oldestAgeS: r.oldest === null ? null : Math.max(0, Math.round((nowMs - r.oldest) / 1000)) };
  }
}

/** Only the patchable columns (named parameters must match the statement exactly). */
function pick(patch: JobPatch): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([k]) => PATCHABLE.has(k)));
}

function freeBytesAt(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
