/**
 * Moves print jobs through their lifecycle, one job at a time per printer:
 * authorize with central -> render -> submit -> track until printed -> queue the report.
 *
 * Crash safety: the job is marked `submitted` *before* the PDF goes to the printer. After a crash, a
 * `submitted` job is looked up on the printer and never sent again automatically; a job before
 * `submitted` has no paper yet and is simply continued (see queue/recovery.ts).
 *
 * The document data a job prints is kept with it (queue/job-data.ts) from before its authorization, whose
 * `dataDigest` lets central refuse (`records_changed`) when its records no longer give that data; a job
 * rendered again after a restart renders the same data. Privacy: the rendered PDF lives only in memory,
 * and the kept data is wiped by the database when central settles the job.
 */
import {
  isReady,
  isTransientUnknown,
  PrinterError,
  type Printer,
  type PrinterJobRef,
  type PrinterJobState,
} from '../../drivers/printer/types.js';
import type { RenderOptions, SigningOptions, TemplateBundle } from '../../templates/engine/index.js';
import { AuthorizeResponse, DocumentSerial, VerificationCode } from '../../shared/central-api.js';
import {
  CentralProtocolError,
  CentralRejectedError,
  CentralUnavailableError,
  type CentralApi,
} from './central-client.js';
import { createHash } from 'node:crypto';
import { StorageUnavailableError } from './db.js';
import { JobDataStore } from './queue/job-data.js';
import { documentBlock } from './document-block.js';
import { institutionTimezone } from './document-date.js';
import { jobPurpose, type JobPatch, type JobRow, type JobStore } from './job-store.js';
import { IllegalTransitionError } from './job-state.js';
import type { Logger } from './log.js';
import { backoffDelay } from './queue/backoff.js';
import { mayBeAuthorizedFlag, REFUSALS_HOLDING_NOTHING, reportFor } from './queue/report.js';
import { ReprintStaffStore, WAITING_FOR_STAFF_GRANT } from './queue/reprint-staff.js';
import type { Checkpoint } from './queue/steps.js';
import type { TemplateRegistry } from './template-registry.js';

/** Renders a document in memory. The default is the template engine's renderCertificate. */
export type RenderFn = (
  template: TemplateBundle,
  data: Record<string, unknown>,
  options?: RenderOptions,
  /** `template`: the template actually used, when another one was (main/core/template-fallback.ts). */
) => Promise<{ pdf: Uint8Array; pages: number; digest: string; template?: TemplateBundle }>;

export interface PrintRunnerOptions {
  jobs: JobStore;
  central: CentralApi;
  printer: Printer;
  templates: TemplateRegistry;
  log: Logger;
  onJob: (job: JobRow) => void;
  /** How often a submitted job's state is asked while it prints (default PRINTER_POLL_MS). */
  pollMs?: number;
  /** First wait before asking central again after it was unavailable; doubles per attempt (full jitter). */
  retryMs?: number;
  /** Longest wait between two attempts while central is unavailable. Default 10 s (a student may be waiting). */
  maxRetryMs?: number;
  now?: () => Date;
  /** Renders a document in memory. Default: the template engine's renderCertificate (loaded on first use). */
  render?: RenderFn;
  /** Signs each document's verification QR code (Ed25519). Without it the QR holds the bare verification code. */
  signing?: SigningOptions;
  /** The QR code's base address for a document of this data (main/core/verify-address.ts); default: `signing.baseUrl`. */
  qrBase?: (data: Record<string, unknown>) => string;
  /** Fault-injection hook for the crash test; see queue/steps.ts. */
  checkpoint?: Checkpoint;
  random?: () => number;
  /** Failed printer questions in a row (with growing pauses) before a submitted job goes to staff. Default 10. */
  maxPrinterErrors?: number;
  /**
   * Answers to one job's authorization that break the contract (cut off, wrong shape, another job's) before
   * the job goes to staff; until then it is asked again with the same backoff as an unavailable central. Default 5.
   */
  maxBadAnswers?: number;
  /**
   * A job not yet on paper that nobody at the station has waited for during this long (see
   * `waitedFor`) is cancelled instead of printed: central came back after the student had left, and an
   * official document would lie in an empty tray. Its report releases the free copies at central. A
   * staff reprint is never cancelled this way (staff owe the student that document). Undefined: never.
   */
  unattendedLimitMs?: number;
  /**
   * Who waits for a job: 'now' while its student's session is on; else the time the session ended, if
   * this process saw it. Unknown (after a restart, say): the job's creation counts. Default: unknown.
   */
  waitedFor?: (job: JobRow) => 'now' | Date | undefined;
}

const WORKABLE = ['requested', 'authorized', 'rendered', 'submitted'] as const;

/** How often the printer is asked about a job it is printing, unless a caller says otherwise: the one default. */
export const PRINTER_POLL_MS = 500;

export class PrintRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Document data per job, in memory only: it never touches the disk and is dropped once the job is on paper. */
  private readonly data = new Map<string, Record<string, unknown>>();
  private timeZone: { zone: string; at: number } | undefined;

  /** The institution's timezone from the last document data central sent, and when (undefined before any). */
  get institutionTimeZone(): { zone: string; at: number } | undefined {
    return this.timeZone;
  }
  private readonly notBefore = new Map<string, number>();
  /** Answers to a job's authorization that broke the contract (memory only: restarts are bounded by recovery's maxResumes). */
  private readonly badAnswers = new Map<string, number>();
  private pausedUntil = 0;

  /** The data each job prints, kept in the job database until central settles the job. */
  private readonly kept: JobDataStore;

  private readonly reprints: ReprintStaffStore;

  constructor(private readonly o: PrintRunnerOptions) {
    this.kept = new JobDataStore(o.jobs.db);
    this.reprints = new ReprintStaffStore(o.jobs.db);
  }

  /** Hands over data already fetched for a job (saves a round trip, and lets printing go on if central goes down). */
  provideData(jobId: string, data: Record<string, unknown>): void {
    this.data.set(jobId, data);
  }

  /** Starts (or re-triggers) processing of every open job. Resolves when the queue is idle; never rejects. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.drain();
        } catch (err) {
          // Reading the queue failed (database gone): keep the process alive, try again later.
          this.o.log.error('print queue stalled', { error: (err as Error).message });
          this.pause();
          return;
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Ends every backoff and works the queue now (central or the database is known to be back). */
  retryNow(): Promise<void> {
    this.notBefore.clear();
    this.pausedUntil = 0;
    return this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  /** Forgets in-memory data of jobs that will not be needed (session ended). */
  forget(jobIds: string[]): void {
    for (const id of jobIds) this.data.delete(id);
  }

  private retryDelay(attempt: number): number {
    return Math.max(50, backoffDelay(attempt, this.o.retryMs ?? 3000, this.o.maxRetryMs ?? 10_000, this.o.random));
  }

  private pause(): void {
    this.pausedUntil = Date.now() + (this.o.retryMs ?? 3000);
    this.schedule(this.pausedUntil);
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.kick(), Math.max(50, at - Date.now()));
    this.retryTimer.unref();
  }

  private async drain(): Promise<void> {
    if (Date.now() < this.pausedUntil) return;
    for (;;) {
      if (this.stopped || Date.now() < this.pausedUntil) return;
      const now = Date.now();
      const next = this.o.jobs
        .listByStatus(WORKABLE)
        .find((j) => (this.notBefore.get(j.id) ?? 0) <= now && !this.waitsForStaffGrant(j));
      if (!next) break;
      await this.advance(next);
    }
    const waits = [...this.notBefore.values()].filter((t) => t > Date.now());
    if (waits.length) this.schedule(Math.min(...waits));
  }

  private update(job: JobRow): JobRow {
    this.o.onJob(job);
    return job;
  }

  private finishedAt(): string {
    return (this.o.now?.() ?? new Date()).toISOString();
  }

  /** Fails the job with its report (if central authorized it), and with `patch` (a staff flag), in one transaction. */
  private fail(job: JobRow, reason: string, patch: JobPatch = {}): JobRow {
    this.data.delete(job.id);
    this.badAnswers.delete(job.id);
    return this.update(
      this.o.jobs.transition(
        job.id,
        'failed',
        reason,
        { last_error: reason, ...patch },
        reportFor(job, 'failed', this.finishedAt(), reason),
      ),
    );
  }

  /**
   * Ends a job that has no serial although central may have authorized it: nothing was printed, and staff
   * must settle it at central (the flag keeps it in their list and from being pruned).
   */
  private failForStaff(job: JobRow, reason: string): JobRow {
    this.o.log.error('print job handed to staff: central may hold an authorization for it', { jobId: job.id, reason });
    return this.fail(job, reason, { flag: mayBeAuthorizedFlag(reason) });
  }

  /** Asks central again later, with capped exponential backoff (the job's attempts are counted on disk). */
  private retryLater(job: JobRow, what: string, err: Error): void {
    const attempts = job.attempts + 1;
    this.o.jobs.note(job.id, `${what}, will retry: ${err.message}`, { attempts, last_error: err.message });
    this.notBefore.set(job.id, Date.now() + this.retryDelay(attempts - 1));
  }

  private async advance(job: JobRow): Promise<void> {
    try {
      if (job.status === 'requested') await this.authorize(job);
      else if (job.status === 'authorized' || job.status === 'rendered') await this.renderAndSubmit(job);
      else if (job.status === 'submitted') await this.track(job);
      this.notBefore.delete(job.id);
    } catch (err) {
      await this.handle(job, err as Error).catch((second: Error) => {
        // Even recording the failure failed (database unwritable): leave the job as it is and retry later.
        this.o.log.error('could not record a print job failure', {
          jobId: job.id,
          error: second.message,
          cause: (err as Error).message,
        });
        this.pause();
      });
    }
  }

  private async handle(job: JobRow, err: Error): Promise<void> {
    if (err instanceof CentralUnavailableError) {
      this.retryLater(job, 'central unavailable', err);
      return;
    }
    if (err instanceof CentralProtocolError && job.status === 'requested') {
      // Central may have committed the authorization and garbled only its answer: asking again is safe
      // (idempotent per job id) and gets the same serial. A central that keeps breaking the contract gets the job to staff.
      const bad = (this.badAnswers.get(job.id) ?? 0) + 1;
      if (bad >= (this.o.maxBadAnswers ?? 5))
        this.failForStaff(
          job,
          `central's answer to the authorization broke the contract ${bad} times, nothing printed (last: ${err.message})`,
        );
      else {
        this.badAnswers.set(job.id, bad);
        this.o.log.warn('central answered an authorization against the contract; asking again', {
          jobId: job.id,
          error: err.message,
        });
        this.retryLater(job, 'the answer to the authorization broke the contract', err);
      }
      return;
    }
    if (err instanceof StorageUnavailableError) {
      this.o.log.error('job database unwritable; printing paused', { jobId: job.id, error: err.message });
      this.pause();
      return;
    }
    if (err instanceof IllegalTransitionError) {
      // Someone else (staff, another call) moved the job on meanwhile: nothing to do here.
      this.o.log.warn('job moved on meanwhile', { jobId: job.id, error: err.message });
      return;
    }
    this.o.log.error('print job failed', { jobId: job.id, status: job.status, error: err.message });
    const current = this.o.jobs.get(job.id);
    if (current.status === 'submitted') {
      this.data.delete(job.id);
      this.update(
        this.o.jobs.transition(job.id, 'needs_attention', `unexpected error while printing: ${err.message}`, {
          last_error: err.message,
        }),
      );
    } else if (current.status === 'requested')
      this.failForStaff(current, `unexpected error while authorizing: ${err.message}`);
    else if (current.status === 'authorized' || current.status === 'rendered') this.fail(current, err.message);
  }

  /** A reprint not yet authorized that has no staff grant to send: it waits for staff (reprint-staff.ts). */
  private waitsForStaffGrant(job: JobRow): boolean {
    if (job.reprint_of === null || job.status !== 'requested') return false;
    // No row: a reprint queued before grants; it asks central once and, refused, waits like the others.
    const staff = this.reprints.get(job.id);
    return staff !== undefined && staff.grant === null;
  }

  /** Central refused the reprint's staff grant (expired after an outage, say): the job waits for staff. */
  private waitForStaff(job: JobRow, err: CentralRejectedError): void {
    this.reprints.setGrant(job.id, null);
    this.o.jobs.flag(job.id, WAITING_FOR_STAFF_GRANT);
    this.o.log.warn('reprint waits for staff: central refused its staff grant', { jobId: job.id, error: err.message });
    this.update(this.o.jobs.get(job.id));
  }

  private async authorize(job: JobRow): Promise<void> {
    // The data this job will print, kept before central is asked: asked again after a crash, the
    // authorization carries the same digest, and the render uses what central snapshotted.
    let kept = this.kept.get(job.id);
    if (!kept) {
      try {
        kept = this.kept.keep(job.id, await this.fetchData(job), this.finishedAt());
      } catch (err) {
        if (!(err instanceof CentralRejectedError)) throw err;
        if (err.code === 'staff_required' && job.reprint_of !== null) return this.waitForStaff(job, err);
        this.refused(job, `central refused the document data: ${err.code}`, err);
        return;
      }
    }
    this.o.checkpoint?.('authorize:sent', [job.id]);
    let auth;
    try {
      const purpose = jobPurpose(job);
      auth = await this.o.central.call('authorizeJob', {
        jobId: job.id,
        personId: job.person_id,
        kind: job.kind,
        language: job.language,
        copies: job.copies,
        ...(job.reprint_of ? { reprintOf: job.reprint_of, ...this.staffOf(job) } : {}),
        ...(purpose ? { purpose: purpose.id } : {}),
        dataDigest: kept.digest,
      });
    } catch (err) {
      if (err instanceof CentralRejectedError) {
        if (err.code === 'staff_required' && job.reprint_of !== null) return this.waitForStaff(job, err);
        this.refused(job, `central refused: ${err.code}`, err);
        return;
      }
      throw err;
    }
    this.o.checkpoint?.('authorize:answered', [job.id]);
    auth = checkAuthorization(job.id, auth);
    this.badAnswers.delete(job.id);
    const holder = this.o.jobs.bySerial(auth.serial);
    if (holder && holder.id !== job.id) {
      // Central issues a serial once: a second job under it means central contradicts itself. The job that
      // has the serial keeps it; this one is never printed under it.
      this.failForStaff(
        job,
        `central gave this job serial ${auth.serial}, which job ${holder.id} already has; nothing printed`,
      );
      return;
    }
    this.update(
      this.o.jobs.transition(job.id, 'authorized', `serial ${auth.serial}`, {
        serial: auth.serial,
        verification_code: auth.verificationCode,
        charged_cents: auth.chargedCents,
        ...(auth.validDays ? { valid_days: auth.validDays } : {}),
      }),
    );
    // The grant did its work: a credential is not kept longer than needed (central records who and why).
    if (job.reprint_of !== null) this.reprints.setGrant(job.id, null);
    this.o.checkpoint?.('authorized', [job.id]);
  }

  /** A refusal that shows central holds nothing for the job settles it; any other may hide an authorization. */
  private refused(job: JobRow, reason: string, err: CentralRejectedError): void {
    if (REFUSALS_HOLDING_NOTHING.includes(err.code))
      this.fail(job, reason, { central_confirmed_at: this.finishedAt() });
    else this.failForStaff(job, `${reason} (${err.message})`);
  }

  /** The staff grant and reason a reprint sends (a reprint from before grants has none: central refuses it). */
  private staffOf(job: JobRow): { staffGrant?: string; reason?: string } {
    const staff = this.reprints.get(job.id);
    if (!staff) return {};
    return { ...(staff.grant ? { staffGrant: staff.grant } : {}), reason: staff.reason };
  }

  private unattended(job: JobRow): boolean {
    const limit = this.o.unattendedLimitMs;
    if (limit === undefined || job.reprint_of !== null) return false;
    const waited = this.o.waitedFor?.(job);
    if (waited === 'now') return false;
    const since = Math.max(Date.parse(job.created_at), waited?.getTime() ?? 0);
    return (this.o.now?.() ?? new Date()).getTime() - since > limit;
  }

  /** What the job prints: the data kept at its authorization; a job from before that was kept fetches it. */
  private async documentData(job: JobRow): Promise<Record<string, unknown>> {
    return this.kept.get(job.id)?.data ?? this.fetchData(job);
  }

  /** The data the session handed over (what the student's preview showed), or central's answer now. */
  private async fetchData(job: JobRow): Promise<Record<string, unknown>> {
    const cached = this.data.get(job.id);
    if (cached) return cached;
    // A reprint asks for its original's data with its staff grant: no card lookup opens it (reprint-data.ts).
    const grant = job.reprint_of !== null ? this.reprints.get(job.id)?.grant : null;
    const { data } = await this.o.central.call('documentData', {
      personId: job.person_id,
      kind: job.kind,
      language: job.language,
      ...(job.reprint_of !== null && grant ? { reprintOf: job.reprint_of, staffGrant: grant } : {}),
    });
    this.data.set(job.id, data);
    this.timeZone = { zone: institutionTimezone(data), at: Date.now() };
    return data;
  }

  private async renderAndSubmit(job: JobRow): Promise<void> {
    if (!DocumentSerial.safeParse(job.serial).success || !VerificationCode.safeParse(job.verification_code).success) {
      // Only an older kiosk's record can get here (it accepted an empty or duplicated serial): never print it.
      this.failForStaff(
        job,
        `no valid serial or verification code recorded (serial ${JSON.stringify(job.serial)}); nothing printed`,
      );
      return;
    }
    if (this.unattended(job)) {
      const reason = `not printed: nobody had waited for it at the station for too long when it could print (requested ${job.created_at}); free copies released`;
      this.o.log.warn('print job cancelled: its student had left', { jobId: job.id, requestedAt: job.created_at });
      this.data.delete(job.id);
      this.update(
        this.o.jobs.transition(
          job.id,
          'cancelled',
          reason,
          { last_error: reason },
          reportFor(job, 'cancelled', this.finishedAt(), reason),
        ),
      );
      return;
    }
    const template = this.o.templates.get(job.kind, job.language);
    if (!template) {
      this.fail(job, `no template for ${job.kind}/${job.language}`);
      return;
    }
    const base = await this.documentData(job);
    const data = {
      ...base,
      document: documentBlock(
        {
          serial: job.serial!,
          verificationCode: job.verification_code!,
          requestedAt: job.created_at,
          purpose: jobPurpose(job),
          validDays: job.valid_days,
        },
        base,
      ),
    };
    const render = this.o.render ?? (await import('../../templates/engine/index.js')).renderCertificate;
    const signing = this.o.signing && {
      ...this.o.signing,
      ...(this.o.qrBase ? { baseUrl: this.o.qrBase(base) } : {}),
      ...(job.valid_days ? { validDays: job.valid_days } : {}),
    };
    const rendered = await render(template, data, signing ? { signing } : {});
    // What is recorded about the document is what prints now, also for a job rendered again after a restart.
    const what = `${rendered.pages} page(s), digest ${rendered.digest.slice(0, 16)}`;
    const used = ('template' in rendered ? rendered.template : undefined) ?? template;
    const fields = {
      template_id: used.manifest.id,
      template_version: used.manifest.version,
      pages: rendered.pages,
      file_sha256: createHash('sha256').update(rendered.pdf).digest('hex'),
      content_digest: rendered.digest,
    };
    if (job.status === 'authorized') job = this.update(this.o.jobs.transition(job.id, 'rendered', what, fields));
    else {
      this.o.jobs.note(job.id, `rendered again: ${what}`, fields);
      job = this.o.jobs.get(job.id);
    }
    this.o.checkpoint?.('rendered', [job.id]);
    const status = await this.o.printer.status();
    if (!isReady(status)) {
      this.fail(job, `printer not ready: ${status.conditions.map((c) => c.keyword).join(', ') || status.state}`);
      return;
    }
    // Record the intent first: from here on, paper may exist and this job is never sent again by itself.
    job = this.update(
      this.o.jobs.transition(job.id, 'submitted', `to printer ${this.o.printer.id}`, { printer_id: this.o.printer.id }),
    );
    this.o.checkpoint?.('submitted', [job.id]);
    try {
      const ref = await this.o.printer.submit(rendered.pdf, { copies: job.copies, jobName: job.id });
      this.o.checkpoint?.('printer:accepted', [job.id]);
      this.o.jobs.note(job.id, `printer accepted job ${ref.id}`, { printer_job_id: ref.id });
      this.o.checkpoint?.('printer:recorded', [job.id]);
    } catch (err) {
      if (err instanceof PrinterError && (err.flags.notAccepting || err.flags.disconnected)) {
        // The printer took nothing (the driver's contract): no paper, so the job fails and its quota is released.
        const reason = `printer ${err.flags.notAccepting ? 'refused' : 'could not be reached for'} the job: ${err.message}`;
        this.update(
          this.o.jobs.transition(
            job.id,
            'failed',
            reason,
            { last_error: reason },
            reportFor(job, 'failed', this.finishedAt(), reason),
          ),
        );
        return;
      }
      if (err instanceof PrinterError && err.flags.timeout) {
        // The printer may or may not have the job: look it up by name before deciding anything.
        this.o.jobs.note(job.id, `submit timed out, looking the job up on the printer: ${err.message}`, {
          last_error: err.message,
        });
      } else throw err; // outcome unknown: handle() sends it to needs_attention
    } finally {
      this.data.delete(job.id);
    }
    await this.track(this.o.jobs.get(job.id));
  }

  /**
   * Asks the printer, retrying while it cannot be reached (it may be rebooting); gives up after `maxPrinterErrors` tries.
   * Asked about a job, a printer that did not answer (`unknown`, reason `printer-unreachable`) counts as unreachable too.
   */
  private async askPrinter<T>(what: string, job: JobRow, ask: () => Promise<T>): Promise<T | typeof GONE> {
    const max = this.o.maxPrinterErrors ?? 10;
    for (let failures = 0; ;) {
      try {
        return await ask();
      } catch (err) {
        if (++failures >= max) {
          const reason = `the printer could not be asked ${what} (${(err as Error).message}); it may or may not have printed`;
          this.update(this.o.jobs.transition(job.id, 'needs_attention', reason, { last_error: reason }));
          return GONE;
        }
        if (this.stopped) return GONE;
        await new Promise((r) => setTimeout(r, Math.min(30_000, (this.o.pollMs ?? PRINTER_POLL_MS) * 2 ** failures)));
      }
    }
  }

  /** Follows a submitted job on the printer until it ends; reconciles jobs whose printer id was never stored. */
  private async track(job: JobRow): Promise<void> {
    this.data.delete(job.id);
    const ref = job.printer_job_id
      ? { printer: this.o.printer.id, id: job.printer_job_id }
      : await this.askPrinter('for this job', job, () => this.o.printer.findJob(job.id));
    if (ref === GONE) return;
    if (!ref) {
      this.update(
        this.o.jobs.transition(
          job.id,
          'needs_attention',
          'the printer has no record of this job; it may or may not have printed',
        ),
      );
      return;
    }
    if (!job.printer_job_id) this.o.jobs.note(job.id, `found on printer as ${ref.id}`, { printer_job_id: ref.id });
    for (;;) {
      const state = await this.askPrinter('about this job', job, () => this.jobState(ref));
      if (state === GONE) return;
      if (state.state === 'completed') {
        const done = this.o.jobs.get(job.id);
        this.update(
          this.o.jobs.transition(
            job.id,
            'printed',
            state.reasons.join(', ') || null,
            {},
            reportFor(done, 'printed', this.finishedAt()),
          ),
        );
        this.o.checkpoint?.('printed', [job.id]);
        return;
      }
      if (state.state === 'aborted' || state.state === 'canceled') {
        const reason = `printer ${state.state} the job: ${state.reasons.join(', ')}`;
        this.update(
          this.o.jobs.transition(
            job.id,
            'failed',
            reason,
            { last_error: reason },
            reportFor(job, 'failed', this.finishedAt(), reason),
          ),
        );
        return;
      }
      if (state.state === 'unknown') {
        // The printer answered and cannot say (it lost the job, or reused its id): only staff can tell.
        this.update(
          this.o.jobs.transition(
            job.id,
            'needs_attention',
            `printer cannot say what became of the job (${state.reasons.join(', ')})`,
          ),
        );
        return;
      }
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? PRINTER_POLL_MS));
    }
  }

  /** The job's state; a printer that did not answer just now throws, so that askPrinter asks again later. */
  private async jobState(ref: PrinterJobRef): Promise<PrinterJobState> {
    const state = await this.o.printer.jobState(ref);
    if (isTransientUnknown(state))
      throw new PrinterError(state.reasons.join(', '), this.o.printer.id, { disconnected: true });
    return state;
  }
}

const GONE = Symbol('printer gone');

/**
 * Central's answer to an authorization, checked here too (whatever client the runner was given): never
 * print under a serial that breaks the contract or that central gave for another job.
 */
function checkAuthorization(jobId: string, answer: unknown): AuthorizeResponse {
  const parsed = AuthorizeResponse.safeParse(answer);
  if (!parsed.success)
    throw new CentralProtocolError(
      `authorizeJob: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (parsed.data.jobId !== jobId)
    throw new CentralProtocolError(`authorizeJob: central authorized job ${parsed.data.jobId} when asked for ${jobId}`);
  return parsed.data;
}
