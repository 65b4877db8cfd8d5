/**
 * Document printers: one small async interface, one implementation per technology
 * (IppPrinter for CUPS queues and driverless printers, FilePrinter for the demo, FakePrinter for tests).
 *
 * Contract:
 * - `submit()` resolves once the printer has accepted the job and returns its printer-side reference.
 *   It rejects with PrinterError:
 *   - `notAccepting`: the printer refused (paused, rejecting jobs, out of paper, bad options); no job exists.
 *   - `disconnected`: the printer could not be reached before anything was sent; no job exists.
 *   - `timeout`: the request went out but no answer came: the job may or may not exist, and the caller
 *     must reconcile with `findJob()` before trying again.
 *   A driver never retries a submit itself.
 * - `jobState()` asks the printer now; `unknown` means the printer cannot say (job purged, printer
 *   unreachable: reason `printer-unreachable`, job id reused after the printer lost its history), never a
 *   guess. `aborted` and `canceled` always come with at least one reason.
 * - `findJob(jobName)` looks a job up by the name we gave it (our job id), for reconciliation after a crash
 *   when the printer-side id was never stored. `null` means the printer answered and has no such job; when
 *   the printer cannot be asked it rejects with PrinterError (`disconnected`).
 * - `status()` reflects the printer now; it rejects only on a programming error, a vanished printer is
 *   reported as { state: 'stopped', conditions: [offline] }. For status events, see watchPrinterStatus().
 * - Every request has a timeout (configured per printer); `close()` releases what the driver holds.
 */
export type PrinterJobRef = { printer: string; id: string };

export type JobStateName = 'pending' | 'processing' | 'completed' | 'aborted' | 'canceled' | 'unknown';
export interface PrinterJobState {
  state: JobStateName;
  /** Printer-side reasons, e.g. `job-completed-successfully`, `aborted-by-system`. */
  reasons: string[];
}

export type ConditionSeverity = 'report' | 'warning' | 'error';
export interface PrinterCondition {
  /** IPP keyword without severity suffix, e.g. `media-empty`. */
  keyword: string;
  severity: ConditionSeverity;
  message: { zh: string; en: string };
}

export interface SupplyLevel {
  name: string;
  /** 0-100, or null when the printer does not know. */
  percent: number | null;
}

export interface PrinterStatus {
  state: 'idle' | 'processing' | 'stopped';
  acceptingJobs: boolean;
  conditions: PrinterCondition[];
  supplies: SupplyLevel[];
}

export interface SubmitOptions {
  copies: number;
  /** Carries our job id so the job can be found again after a crash. */
  jobName: string;
}

export interface Printer {
  readonly id: string;
  submit(pdf: Uint8Array, options: SubmitOptions): Promise<PrinterJobRef>;
  jobState(ref: PrinterJobRef): Promise<PrinterJobState>;
  findJob(jobName: string): Promise<PrinterJobRef | null>;
  status(): Promise<PrinterStatus>;
  close(): Promise<void>;
}

/** A printer problem; the message says what to do, `flags` say whether a job can exist (see the contract above). */
export class PrinterError extends Error {
  override name = 'PrinterError';
  constructor(
    message: string,
    readonly printer: string,
    readonly flags: { notAccepting?: boolean; disconnected?: boolean; timeout?: boolean } = {},
  ) {
    super(message);
  }
}

/** True when a printer in this status can take a job now (the preflight before authorizing a job). */
export function isReady(status: PrinterStatus): boolean {
  return status.state !== 'stopped' && status.acceptingJobs && !status.conditions.some((c) => c.severity === 'error');
}

/**
 * True for an `unknown` job state that only means "the printer did not answer just now" (reason
 * `printer-unreachable`): asking again later may still give the real state. Any other `unknown` is final.
 */
export function isTransientUnknown(state: PrinterJobState): boolean {
  return state.state === 'unknown' && state.reasons[0] === 'printer-unreachable';
}
