/**
 * Demo-only fault injection: a printer and a central client that misbehave on request, so that the
 * demo and the end-to-end tests can show every error screen (out of paper, jam, central unreachable,
 * a job the printer lost). The host chooses them (createKiosk's `demoFaults`, for a station with the
 * simulated card reader) and hands the core the wrapped devices and the fault state; with the faults
 * at their defaults they pass every call straight through.
 */
import type { DemoFaults } from '../../../shared/kiosk-api.js';
import type {
  Printer,
  PrinterCondition,
  PrinterJobRef,
  PrinterJobState,
  PrinterStatus,
  SubmitOptions,
} from '../../../drivers/printer/types.js';
import type { CentralRouteName } from '../../../shared/central-api.js';
import { CentralUnavailableError, type CentralAnswer, type CentralApi, type CentralBody } from '../central-client.js';

const CONDITIONS: Record<Exclude<DemoFaults['printer'], 'ok' | 'job-lost' | 'hold'>, PrinterCondition> = {
  'media-empty': {
    keyword: 'media-empty',
    severity: 'error',
    message: { zh: '打印机缺纸', en: 'The printer is out of paper' },
  },
  'media-jam': {
    keyword: 'media-jam',
    severity: 'error',
    message: { zh: '打印机卡纸', en: 'Paper is jammed in the printer' },
  },
  'media-low': {
    keyword: 'media-low',
    severity: 'warning',
    message: { zh: '纸张即将用完', en: 'Paper is running low' },
  },
};

export class DemoFaultState {
  current: DemoFaults = { printer: 'ok', central: 'up' };

  set(change: Partial<DemoFaults>): DemoFaults {
    this.current = { ...this.current, ...change };
    return this.current;
  }
}

/** Wraps a printer: reports paper conditions on request, can "lose" jobs (state unknown) to create jobs that need attention, or hold them in progress. */
export class FaultyPrinter implements Printer {
  constructor(
    private readonly inner: Printer,
    private readonly faults: DemoFaultState,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  submit(pdf: Uint8Array, options: SubmitOptions): Promise<PrinterJobRef> {
    return this.inner.submit(pdf, options);
  }

  async jobState(ref: PrinterJobRef): Promise<PrinterJobState> {
    if (this.faults.current.printer === 'job-lost') return { state: 'unknown', reasons: ['job-not-found'] };
    // `hold`: jobs stay "printing" until the fault is lifted (to show and test live progress).
    if (this.faults.current.printer === 'hold') return { state: 'processing', reasons: ['job-printing'] };
    return this.inner.jobState(ref);
  }

  findJob(jobName: string): Promise<PrinterJobRef | null> {
    return this.inner.findJob(jobName);
  }

  async status(): Promise<PrinterStatus> {
    const real = await this.inner.status();
    const fault = this.faults.current.printer;
    const supplies = real.supplies.length
      ? real.supplies
      : [{ name: 'paper', percent: fault === 'media-empty' ? 0 : fault === 'media-low' ? 8 : 72 }];
    if (fault === 'ok' || fault === 'job-lost' || fault === 'hold') return { ...real, supplies };
    const condition = CONDITIONS[fault];
    const stops = condition.severity === 'error';
    return {
      ...real,
      state: stops ? 'stopped' : real.state,
      acceptingJobs: stops ? false : real.acceptingJobs,
      conditions: [...real.conditions, condition],
      supplies,
    };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Wraps the central client: while central is "down", every call fails as if the network were cut. */
export class FaultyCentral implements CentralApi {
  constructor(
    private readonly inner: CentralApi,
    private readonly faults: DemoFaultState,
  ) {}

  async call<R extends CentralRouteName>(
    route: R,
    body: CentralBody<R>,
    options?: { timeoutMs?: number },
  ): Promise<CentralAnswer<R>> {
    if (this.faults.current.central === 'down') throw new CentralUnavailableError('simulated outage (demo)');
    return this.inner.call(route, body, options);
  }
}
