/**
 * A printer that tests drive by hand: jobs stay where the test puts them, status is whatever the test
 * sets, and a submit can be made to fail in each documented way.
 */
import {
  PrinterError,
  type Printer,
  type PrinterJobRef,
  type PrinterJobState,
  type PrinterStatus,
  type SubmitOptions,
} from './types.js';

export interface FakeJob {
  ref: PrinterJobRef;
  name: string;
  copies: number;
  bytes: number;
  state: PrinterJobState;
}

export class FakePrinter implements Printer {
  readonly jobs: FakeJob[] = [];
  printerStatus: PrinterStatus = { state: 'idle', acceptingJobs: true, conditions: [], supplies: [] };
  /** The next submit rejects with this error instead of creating a job (then it is cleared). */
  nextSubmitError: PrinterError | null = null;
  /** While true, every request behaves as if the printer were gone. */
  vanished = false;
  closed = false;

  constructor(readonly id = 'fake') {}

  async submit(pdf: Uint8Array, { copies, jobName }: SubmitOptions): Promise<PrinterJobRef> {
    if (this.vanished) throw new PrinterError('The fake printer is gone.', this.id, { disconnected: true });
    const err = this.nextSubmitError;
    if (err) {
      this.nextSubmitError = null;
      throw err;
    }
    const ref = { printer: this.id, id: String(this.jobs.length + 1) };
    this.jobs.push({ ref, name: jobName, copies, bytes: pdf.byteLength, state: { state: 'pending', reasons: [] } });
    return ref;
  }

  /** Moves a job on, as the printer would. */
  setJobState(refId: string, state: PrinterJobState): void {
    const job = this.jobs.find((j) => j.ref.id === refId);
    if (!job) throw new Error(`no fake job ${refId}`);
    job.state = state;
  }

  async jobState(ref: PrinterJobRef): Promise<PrinterJobState> {
    if (this.vanished) return { state: 'unknown', reasons: ['printer-unreachable'] };
    return this.jobs.find((j) => j.ref.id === ref.id)?.state ?? { state: 'unknown', reasons: ['job-not-found'] };
  }

  async findJob(jobName: string): Promise<PrinterJobRef | null> {
    if (this.vanished) throw new PrinterError('The fake printer is gone.', this.id, { disconnected: true });
    return this.jobs.filter((j) => j.name === jobName).at(-1)?.ref ?? null;
  }

  async status(): Promise<PrinterStatus> {
    if (this.vanished) {
      return {
        state: 'stopped',
        acceptingJobs: false,
        supplies: [],
        conditions: [
          {
            keyword: 'offline',
            severity: 'error',
            message: { zh: '打印机无响应', en: 'The printer does not respond' },
          },
        ],
      };
    }
    return structuredClone(this.printerStatus);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
