/**
 * The receipt a station prints (if it has a receipt printer) once every document of one print request
 * is out: the serials, so a student can look them up. A courtesy: printed at most once, never retried.
 */
import type { JobStatus } from '../../shared/jobs.js';
import type { ReceiptPrinter } from '../../drivers/printer/escpos/types.js';
import { PRINTED_STATES } from './job-state.js';
import type { JobRow, JobStore } from './job-store.js';
import type { Logger } from './log.js';
import type { StudentSession } from './session/student-session.js';

const OUT = PRINTED_STATES;
const SETTLED: readonly JobStatus[] = [...OUT, 'failed', 'cancelled', 'needs_attention'];

export interface ReceiptsOptions {
  printer: ReceiptPrinter | null | undefined;
  jobs: JobStore;
  log: Logger;
  terminal: { id: string; name: string };
  /** The institution's timezone as central last said it (the print runner's document data), for the time line. */
  timeZone?: () => string | undefined;
}

export class Receipts {
  /** Print requests whose receipt has been printed (memory only). */
  private readonly printed = new Set<string>();

  constructor(private readonly o: ReceiptsOptions) {}

  get enabled(): boolean {
    return Boolean(this.o.printer);
  }

  /** A job of the signed-in student settled: prints its request's receipt once all its siblings have. */
  jobSettled(job: JobRow, session: StudentSession | null): void {
    const rp = this.o.printer;
    const request = job.idempotency_key.slice(0, job.idempotency_key.lastIndexOf(':'));
    if (!rp || !session?.jobIds.has(job.id) || this.printed.has(request)) return;
    const siblings = [...session.jobIds]
      .map((id) => this.o.jobs.get(id))
      .filter((j) => j.idempotency_key.startsWith(`${request}:`));
    if (!siblings.every((j) => SETTLED.includes(j.status))) return;
    const out = siblings.filter((j) => OUT.includes(j.status) && j.serial);
    if (!out.length) return;
    this.printed.add(request);
    const title = (kind: string) => session.catalog.find((c) => c.kind === kind)?.title.zh ?? kind;
    const timeZone = this.o.timeZone?.();
    void rp
      .print({
        terminalId: this.o.terminal.id,
        terminalName: this.o.terminal.name,
        time: new Date(),
        ...(timeZone ? { timeZone } : {}),
        documents: out.map((j) => ({
          serial: j.serial ?? '',
          title: title(j.kind),
          copies: j.copies,
          // What central charged (issue #17); unknown for a job authorized before the kiosk kept it.
          ...(j.charged_cents !== null ? { chargedCents: j.charged_cents } : {}),
        })),
        qr: out.map((j) => j.serial).join(','),
      })
      .catch((err: Error) => this.o.log.warn('receipt not printed', { error: err.message }));
  }

  close(): Promise<void> {
    return this.o.printer?.close().catch(() => {}) ?? Promise.resolve();
  }
}
