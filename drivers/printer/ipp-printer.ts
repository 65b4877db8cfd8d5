/**
 * A document printer reached over IPP: a CUPS queue or a driverless (IPP Everywhere) printer.
 *
 * - submit(): Get-Printer-Attributes (a printer that is not ready by isReady(), e.g. paused, rejecting
 *   jobs or out of paper, is refused with `notAccepting` before anything is sent), then one Print-Job (application/pdf, copies, job-name =
 *   our job id). Never retried here. A Print-Job that got no answer rejects with `timeout`: the job may
 *   exist, and only findJob() can tell.
 * - jobState(): Get-Job-Attributes. `unknown` when the printer cannot say: unreachable, job purged, or
 *   the job id now belongs to another job (the printer lost its history).
 * - findJob(): Get-Jobs (which-jobs=all), matched on job-name. Rejects when the printer cannot be asked,
 *   so that "not found" always means the printer answered and has no such job.
 * - status(): Get-Printer-Attributes; never rejects, an unreachable printer is `stopped` + `offline`.
 * Every request is bounded by `timeoutMs`.
 */
import {
  isReady,
  PrinterError,
  type Printer,
  type PrinterJobRef,
  type PrinterJobState,
  type PrinterStatus,
  type SubmitOptions,
} from './types.js';
import { first, type IppAttributes } from './ipp/attributes.js';
import { httpTransport, httpUrlOf, IppTransportError, type IppTransport } from './ipp/http-transport.js';
import { ippRequest, isSuccess, type IppRequestOptions, type IppResponse } from './ipp/ipp-request.js';
import { JOB_ATTRIBUTES, jobStateFromAttributes } from './ipp/job-state.js';
import { STATUS_ATTRIBUTES, statusFromPrinterAttributes, unreachableStatus } from './ipp/printer-status.js';

export interface IppPrinterOptions {
  /** `ipp://host:631/printers/QUEUE`, `ipps://...`, or a driverless printer's `ipp://host/ipp/print`. */
  uri: string;
  /** Stored with every job; defaults to the URI. */
  id?: string;
  timeoutMs?: number;
  /** CUPS shows job names only to the user that submitted them, so every request uses this one. */
  user?: string;
  transport?: IppTransport;
}

const MAX_COPIES = 99;

/** IPP status codes that mean "not now" rather than "no such job" (RFC 8011, 13.1.5). */
const BUSY = new Set(['server-error-busy', 'server-error-service-unavailable', 'server-error-temporary-error']);

export class IppPrinter implements Printer {
  readonly id: string;
  private readonly req: IppRequestOptions;

  constructor(o: IppPrinterOptions) {
    let url: URL;
    try {
      url = httpUrlOf(o.uri);
    } catch {
      throw new PrinterError(
        `"${o.uri}" is not a printer URI. Use one like ipp://127.0.0.1:631/printers/QUEUE.`,
        o.id ?? o.uri,
      );
    }
    this.id = o.id ?? o.uri;
    const printerUri = o.uri.replace(/^http:/, 'ipp:').replace(/^https:/, 'ipps:');
    this.req = {
      transport: o.transport ?? httpTransport,
      url,
      printerUri,
      timeoutMs: o.timeoutMs ?? 10_000,
      user: o.user ?? 'estation',
    };
  }

  async submit(pdf: Uint8Array, { copies, jobName }: SubmitOptions): Promise<PrinterJobRef> {
    if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES)
      throw new PrinterError(`Copies must be a whole number from 1 to ${MAX_COPIES}, got ${copies}.`, this.id, {
        notAccepting: true,
      });
    if (!jobName || jobName.length > 255 || /[\r\n]/.test(jobName))
      throw new PrinterError(
        `Job name "${jobName}" cannot be sent to a printer (1 to 255 characters, one line).`,
        this.id,
        { notAccepting: true },
      );
    if (pdf.byteLength === 0)
      throw new PrinterError('The document is empty; nothing was sent to the printer.', this.id, {
        notAccepting: true,
      });

    const status = await this.status();
    if (!isReady(status)) {
      const why = status.conditions.find((c) => c.severity === 'error') ?? status.conditions[0];
      const offline = why?.keyword === 'offline';
      throw new PrinterError(
        `${this.id} cannot take a job now: ${why ? why.message.en : `printer state ${status.state}`}${offline ? '' : ' Staff can resume the queue (cupsenable / cupsaccept) once the printer is fixed.'}`,
        this.id,
        offline ? { disconnected: true } : { notAccepting: true },
      );
    }

    let res: IppResponse;
    try {
      res = await ippRequest(
        this.req,
        'Print-Job',
        { 'job-name': jobName, 'document-format': 'application/pdf' },
        { copies },
        pdf,
      );
    } catch (err) {
      if (err instanceof IppTransportError && err.notSent)
        throw new PrinterError(
          `${err.message} Nothing was printed; check that the printer is on and connected.`,
          this.id,
          { disconnected: true },
        );
      throw new PrinterError(
        `${(err as Error).message} The printer may or may not have accepted the job "${jobName}"; look it up before printing again.`,
        this.id,
        { timeout: true },
      );
    }
    if (!isSuccess(res.statusCode)) {
      // An IPP error answer means no job was created (RFC 8011, 4.2.1.2).
      throw new PrinterError(`${this.id} refused the job: ${describe(res)}.`, this.id, { notAccepting: true });
    }
    const jobId = first(res.jobs[0]?.['job-id']);
    if (typeof jobId !== 'number')
      throw new PrinterError(
        `${this.id} accepted the job but did not say its job id; look it up by name "${jobName}".`,
        this.id,
        { timeout: true },
      );
    return { printer: this.id, id: encodeRef(jobId, jobName) };
  }

  async jobState(ref: PrinterJobRef): Promise<PrinterJobState> {
    const parsed = decodeRef(ref.id);
    if (!parsed) return { state: 'unknown', reasons: [`invalid-job-reference:${ref.id}`] };
    let res: IppResponse;
    try {
      res = await ippRequest(this.req, 'Get-Job-Attributes', {
        'job-id': parsed.jobId,
        'requested-attributes': JOB_ATTRIBUTES,
      });
    } catch (err) {
      return { state: 'unknown', reasons: ['printer-unreachable', (err as Error).message] };
    }
    if (res.statusCode === 'client-error-not-found') return { state: 'unknown', reasons: ['job-not-found'] };
    // Busy or briefly unavailable (a CUPS server processing a large job, say): ask again later, like no answer.
    if (BUSY.has(res.statusCode))
      return { state: 'unknown', reasons: ['printer-unreachable', `printer-answered:${describe(res)}`] };
    if (!isSuccess(res.statusCode)) return { state: 'unknown', reasons: [`printer-answered:${describe(res)}`] };
    const attrs = res.jobs[0] ?? {};
    const name = first(attrs['job-name']);
    if (parsed.jobName !== null && typeof name === 'string' && name !== parsed.jobName) {
      return {
        state: 'unknown',
        reasons: ['job-id-reused', `job ${parsed.jobId} is now "${name}", not "${parsed.jobName}"`],
      };
    }
    return jobStateFromAttributes(attrs);
  }

  async findJob(jobName: string): Promise<PrinterJobRef | null> {
    const jobs = await this.listAllJobs(jobName);
    if (jobs.length > 0 && jobs.every((j) => typeof first(j['job-name']) !== 'string')) {
      throw new PrinterError(
        `${this.id} does not show job names to user "${this.req.user}", so job "${jobName}" cannot be looked up. Submit and look up as the same user.`,
        this.id,
      );
    }
    // Several hits can only come from a duplicate submit; the newest is the one still worth following.
    const ids = jobs
      .filter((j) => first(j['job-name']) === jobName)
      .map((j) => first(j['job-id']))
      .filter((id): id is number => typeof id === 'number');
    if (!ids.length) return null;
    return { printer: this.id, id: encodeRef(Math.max(...ids), jobName) };
  }

  /**
   * Every job the printer still knows. CUPS takes which-jobs=all; printers that do not (they refuse it or
   * silently answer with only the jobs not completed) are asked for both halves, so that a completed job
   * is never reported missing.
   */
  private async listAllJobs(jobName: string): Promise<IppAttributes[]> {
    const ask = async (which: string) => {
      try {
        return await ippRequest(this.req, 'Get-Jobs', {
          'which-jobs': which,
          'requested-attributes': ['job-id', 'job-name', 'job-state'],
        });
      } catch (err) {
        throw new PrinterError(`Cannot look up job "${jobName}": ${(err as Error).message}`, this.id, {
          disconnected: true,
        });
      }
    };
    const all = await ask('all');
    if (all.statusCode === 'successful-ok') return all.jobs;
    const halves = [await ask('not-completed'), await ask('completed')];
    const bad = halves.find((h) => h.statusCode !== 'successful-ok');
    if (bad)
      throw new PrinterError(
        `Cannot look up job "${jobName}": the printer cannot list its jobs (${describe(bad)}).`,
        this.id,
      );
    return halves.flatMap((h) => h.jobs);
  }

  async status(): Promise<PrinterStatus> {
    let res: IppResponse;
    try {
      res = await ippRequest(this.req, 'Get-Printer-Attributes', { 'requested-attributes': STATUS_ATTRIBUTES });
    } catch {
      return unreachableStatus();
    }
    if (!isSuccess(res.statusCode)) {
      return {
        state: 'stopped',
        acceptingJobs: false,
        supplies: [],
        conditions: [
          {
            keyword: res.statusCode === 'client-error-not-found' ? 'printer-not-found' : 'printer-error',
            severity: 'error',
            message:
              res.statusCode === 'client-error-not-found'
                ? {
                    zh: '找不到配置的打印机，请联系工作人员检查设置',
                    en: 'The configured printer does not exist. Please ask staff to check the settings.',
                  }
                : {
                    zh: '打印机拒绝查询状态，请联系工作人员',
                    en: `The printer refused the status request (${res.statusCode}). Please ask staff for help.`,
                  },
          },
        ],
      };
    }
    return statusFromPrinterAttributes(res.printer);
  }

  async close(): Promise<void> {}
}

/** Printer-side reference: `<job-id>/<job-name>`, so that a job id reused after a reset is noticed. */
export function encodeRef(jobId: number, jobName: string): string {
  return `${jobId}/${jobName}`;
}

export function decodeRef(id: string): { jobId: number; jobName: string | null } | null {
  const m = /^(\d{1,10})(?:\/(.*))?$/s.exec(id);
  if (!m) return null;
  return { jobId: Number(m[1]), jobName: m[2] ?? null };
}

function describe(res: IppResponse): string {
  const msg = first(res.operation['status-message']) ?? first(res.operation['detailed-status-message']);
  return typeof msg === 'string' && msg ? `${res.statusCode} (${msg})` : res.statusCode;
}

export type { IppAttributes };
