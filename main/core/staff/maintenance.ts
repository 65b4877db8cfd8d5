/**
 * What staff see and do in maintenance mode: device and queue status, the jobs that need attention
 * with their audit trail, and the actions that resolve them. Every action is recorded in the job's
 * audit trail with the staff member and the reason they chose.
 */
import type { AttentionJob, MaintenanceView, ResolveReason } from '../../../shared/kiosk-api.js';
import type { JobReport } from '../../../shared/central-api.js';
import type { Printer } from '../../../drivers/printer/types.js';
import type { ReaderStatus } from '../../../drivers/card-reader/types.js';
import type { JobRow, JobStore } from '../job-store.js';
import type { Logger } from '../log.js';
import type { TemplateRegistry } from '../template-registry.js';
import { testPagePdf } from './test-page.js';

export interface MaintenanceDeps {
  jobs: JobStore;
  printer: Printer;
  templates: TemplateRegistry;
  log: Logger;
  terminalId: string;
  readers: () => ReaderStatus[];
  central: () => 'online' | 'offline' | 'unknown';
  /** Moves the queue on (a reprint is a new job). */
  kick: () => void;
  flush: () => Promise<number>;
  onJob: (job: JobRow) => void;
}

export class MaintenanceError extends Error {
  override name = 'MaintenanceError';
  constructor(
    readonly code: 'job_not_found' | 'job_not_in_attention' | 'printer_not_ready',
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
    const attention: AttentionJob[] = this.d.jobs.listByStatus(['needs_attention']).map((j) => {
      const events = this.d.jobs.events(j.id).map((e) => ({ at: e.at, from: e.from_status, to: e.to_status, detail: e.detail }));
      return { jobId: j.id, kind: j.kind, language: j.language, copies: j.copies, serial: j.serial, createdAt: j.created_at, lastEvent: events.at(-1)?.detail ?? null, events };
    });
    return {
      staffName,
      printer: { id: this.d.printer.id, state: p.state, acceptingJobs: p.acceptingJobs, conditions: p.conditions, supplies: p.supplies },
      readers: this.d.readers().map((r) => ({ readerId: r.readerId, state: r.state, ...('message' in r ? { message: r.message } : {}) })),
      central: this.d.central(),
      queue: { ...this.d.jobs.backlog(), open: this.d.jobs.listByStatus(OPEN).length },
      attention,
      templates: this.d.templates.list(),
      log: this.d.log.recent().slice(-40),
    };
  }

  private attentionJob(jobId: string): JobRow {
    let job: JobRow;
    try {
      job = this.d.jobs.get(jobId);
    } catch {
      throw new MaintenanceError('job_not_found', `No job ${jobId} in this station's queue.`);
    }
    if (job.status !== 'needs_attention') throw new MaintenanceError('job_not_in_attention', `Job ${jobId} is ${job.status}, not waiting for staff.`);
    return job;
  }

  private report(job: JobRow, outcome: JobReport['outcome'], detail: string): JobReport | undefined {
    if (!job.serial) return undefined;
    return { jobId: job.id, serial: job.serial, outcome, pages: job.pages ?? 0, copies: job.copies, finishedAt: new Date().toISOString(), detail: detail.slice(0, 500) };
  }

  /** The job did not print (or is not wanted): cancelled, and central is told so it can release the quota. */
  cancel(jobId: string, reason: ResolveReason, staff: string): void {
    const job = this.attentionJob(jobId);
    const detail = `cancelled by staff ${staff}: ${reason}`;
    this.d.onJob(this.d.jobs.transition(job.id, 'cancelled', detail, {}, this.report(job, 'cancelled', detail)));
    this.d.log.info('staff cancelled a job', { jobId, reason });
    void this.d.flush();
  }

  /** Staff checked the tray: the document did come out. */
  markPrinted(jobId: string, reason: ResolveReason, staff: string): void {
    const job = this.attentionJob(jobId);
    const detail = `confirmed printed by staff ${staff}: ${reason}`;
    this.d.onJob(this.d.jobs.transition(job.id, 'printed', detail, {}, this.report(job, 'printed', detail)));
    this.d.log.info('staff marked a job printed', { jobId, reason });
    void this.d.flush();
  }

  /**
   * Reprint: this job is cancelled and a new job for the same student and document goes through the
   * normal path (authorization, render, print). Both audit trails point at each other.
   */
  reprint(jobId: string, reason: ResolveReason, staff: string): string {
    const job = this.attentionJob(jobId);
    const { job: next } = this.d.jobs.create({
      idempotencyKey: `reprint:${job.id}`,
      terminalId: job.terminal_id,
      personId: job.person_id,
      kind: job.kind,
      language: job.language,
      copies: job.copies,
    });
    this.d.jobs.note(next.id, `reprint of ${job.id} requested by staff ${staff}: ${reason}`);
    const detail = `reprinted as ${next.id} by staff ${staff}: ${reason}`;
    this.d.onJob(this.d.jobs.transition(job.id, 'cancelled', detail, {}, this.report(job, 'cancelled', detail)));
    this.d.log.info('staff reprinted a job', { jobId, newJobId: next.id, reason });
    this.d.kick();
    void this.d.flush();
    return next.id;
  }

  async testPrint(): Promise<string> {
    const at = new Date();
    const pdf = await testPagePdf(this.d.terminalId, at);
    const ref = await this.d.printer.submit(pdf, { copies: 1, jobName: `test-page-${at.getTime()}` });
    this.d.log.info('staff test print', { printerJobId: ref.id });
    return ref.id;
  }
}
