/**
 * What staff see and do in maintenance mode: device and queue status, the jobs that need attention
 * with their audit trail, and the actions that resolve them. Every action is recorded in the job's
 * audit trail with the staff member and the reason they chose.
 */
import type { AttentionJob, KioskErrorCode, MaintenanceView, ResolveReason } from '../../../shared/kiosk-api.js';
import type { Printer } from '../../../drivers/printer/types.js';
import type { ReaderStatus } from '../../../drivers/card-reader/types.js';
import type { JobRow, JobStore } from '../job-store.js';
import { acknowledgeFlag, AttentionResolutionError, reprintAttention, resolveAttention } from '../queue/attention.js';
import type { Logger } from '../log.js';
import type { TemplateRegistry } from '../template-registry.js';
import { testPagePdf } from '../../../templates/engine/index.js';

export interface MaintenanceDeps {
  jobs: JobStore;
  printer: Printer;
  templates: TemplateRegistry;
  log: Logger;
  terminalId: string;
  readers: () => ReaderStatus[];
  central: () => 'online' | 'offline' | 'unknown';
  /** The central address in use, when the station has several. */
  centralUrl?: () => string | undefined;
  /** Moves the queue on (a reprint is a new job). */
  kick: () => void;
  flush: () => Promise<number>;
  onJob: (job: JobRow) => void;
  publishing: () => MaintenanceView['publishing'];
  /** The institution's timezone: the screen shows every time in it, whatever the machine's clock zone. */
  timeZone: () => string;
}

export class MaintenanceError extends Error {
  override name = 'MaintenanceError';
  constructor(
    readonly code: Extract<
      KioskErrorCode,
      'job_not_found' | 'job_not_in_attention' | 'job_not_flagged' | 'printer_not_ready' | 'central_unreachable'
    >,
    message: string,
  ) {
    super(message);
  }
}

const OPEN = ['requested', 'authorized', 'rendered', 'submitted', 'printed', 'reported'] as const;

export class MaintenanceDesk {
  constructor(private readonly d: MaintenanceDeps) {}

  async view(staffName: string): Promise<MaintenanceView> {
    const p = await this.d.printer.status();
    // Jobs waiting for a decision, and jobs central contradicted (flagged), whatever their status.
    const attention: AttentionJob[] = this.d.jobs.attention().map((j) => {
      const events = this.d.jobs
        .events(j.id)
        .map((e) => ({ at: e.at, from: e.from_status, to: e.to_status, detail: e.detail }));
      return {
        jobId: j.id,
        status: j.status,
        flag: j.flag,
        kind: j.kind,
        // Kinds are data: the station names one by its installed template's title (in the document's language).
        title: this.d.templates.get(j.kind, j.language)?.manifest.title ?? j.kind,
        language: j.language,
        copies: j.copies,
        serial: j.serial,
        createdAt: j.created_at,
        lastEvent: events.at(-1)?.detail ?? null,
        events,
      };
    });
    return {
      staffName,
      printer: {
        id: this.d.printer.id,
        state: p.state,
        acceptingJobs: p.acceptingJobs,
        conditions: p.conditions,
        supplies: p.supplies,
      },
      readers: this.d
        .readers()
        .map((r) => ({ readerId: r.readerId, state: r.state, ...('message' in r ? { message: r.message } : {}) })),
      central: this.d.central(),
      ...withCentralUrl(this.d.centralUrl?.()),
      queue: { ...this.d.jobs.backlog(), open: this.d.jobs.listByStatus(OPEN).length },
      attention,
      templates: this.d.templates.list(),
      publishing: this.d.publishing(),
      log: this.d.log.recent().slice(-40),
      timeZone: this.d.timeZone(),
    };
  }

  /** The job did not print (or is not wanted): cancelled, and central is told so it can release the quota. */
  cancel(jobId: string, reason: ResolveReason, staff: string): void {
    this.d.onJob(this.decide(() => resolveAttention(this.d.jobs, jobId, 'cancelled', staff, reason)));
    this.d.log.info('staff cancelled a job', { jobId, reason });
    void this.d.flush();
  }

  /** Staff checked the tray: the document did come out. */
  markPrinted(jobId: string, reason: ResolveReason, staff: string): void {
    this.d.onJob(this.decide(() => resolveAttention(this.d.jobs, jobId, 'printed', staff, reason)));
    this.d.log.info('staff marked a job printed', { jobId, reason });
    void this.d.flush();
  }

  /**
   * Reprint: this job is cancelled and a new job for the same student and document goes through the
   * normal path (authorization, render, print); central charges the student once (see reprintAttention).
   */
  reprint(jobId: string, reason: ResolveReason, staff: string, grant?: string): string {
    // `grant`: central's staff grant from this visit's PIN check; none (offline) and the reprint waits for staff.
    const next = this.decide(() => reprintAttention(this.d.jobs, jobId, staff, reason, grant));
    this.d.onJob(this.d.jobs.get(jobId));
    this.d.log.info('staff reprinted a job', { jobId, newJobId: next.id, reason });
    this.d.kick();
    void this.d.flush();
    return next.id;
  }

  /** Staff have dealt with what central contradicted: the flag is cleared, the job stays as it is. */
  acknowledge(jobId: string, reason: ResolveReason, staff: string, grant?: string): void {
    this.d.onJob(this.decide(() => acknowledgeFlag(this.d.jobs, jobId, staff, reason, grant)));
    this.d.log.info('staff acknowledged a flag', { jobId, reason });
    // A reprint that waited for a staff grant may go on now.
    this.d.kick();
  }

  private decide<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof AttentionResolutionError) throw new MaintenanceError(err.code, err.message);
      throw err;
    }
  }

  async testPrint(): Promise<string> {
    const at = new Date();
    const pdf = await testPagePdf(this.d.terminalId, at);
    const ref = await this.d.printer.submit(pdf, { copies: 1, jobName: `test-page-${at.getTime()}` });
    this.d.log.info('staff test print', { printerJobId: ref.id });
    return ref.id;
  }
}

/** `{ centralUrl }` when there is one to show, else nothing (the field is optional in the views). */
export function withCentralUrl(url: string | undefined): { centralUrl?: string } {
  return url === undefined ? {} : { centralUrl: url };
}
