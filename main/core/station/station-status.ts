/**
 * What the station knows about its own devices and storage, and the status line built from it: reader
 * and printer state, the local database, and the reasons (in both languages) a student cannot be
 * served. Building the status reads state and changes nothing.
 */
import type { LocalizedText } from '../../../shared/domain.js';
import type { KioskStatus } from '../../../shared/kiosk-api.js';
import type { TerminalHealth } from '../../../shared/central-api.js';
import type { ReaderStatus } from '../../../drivers/card-reader/types.js';
import { isReady, type Printer, type PrinterStatus } from '../../../drivers/printer/types.js';
import type { KioskConfig } from '../../../kiosk-config/schema.js';
import type { JobStore } from '../job-store.js';
import type { Logger } from '../log.js';
import type { SessionTiming } from '../session/timing.js';
import type { CentralState } from './central-link.js';
import { clipLocalized, clipText } from '../../../shared/health-limits.js';

const REASONS = {
  central: { zh: '暂时无法连接学校服务器', en: 'The university server cannot be reached right now' },
  token: {
    zh: '本机未获学校服务器授权，暂停服务（工作人员：请检查 central.token）',
    en: 'This station is not authorised by the university server (staff: check central.token)',
  },
  reader: { zh: '本机暂时无法读卡', en: 'Cards cannot be read at this station right now' },
  database: { zh: '本机存储故障，暂停服务', en: 'Local storage failure: this station is paused' },
  printer: { zh: '打印机暂停服务', en: 'The printer is out of service' },
  heldOut: { zh: '工作人员已暂停本机服务', en: 'Staff have taken this station out of service' },
} satisfies Record<string, LocalizedText>;

const PRINTER_SILENT: PrinterStatus = {
  state: 'stopped',
  acceptingJobs: false,
  supplies: [],
  conditions: [
    { keyword: 'offline', severity: 'error', message: { zh: '打印机无响应', en: 'The printer does not respond' } },
  ],
};

/** Everything besides the devices that the status line shows. */
export interface StatusContext {
  config: KioskConfig;
  timing: SessionTiming;
  central: { state: CentralState; tokenRefused: boolean };
  demo: boolean;
  receipt: boolean;
  logoDataUrl?: string | undefined;
}

export interface StationStatusOptions {
  printer: Printer;
  jobs: Pick<JobStore, 'backlog'>;
  log: Logger;
  /** Something the status line shows has changed. */
  onChange: () => void;
}

export class StationStatus {
  private readonly readers = new Map<string, ReaderStatus>();
  private printerStatus: PrinterStatus | null = null;
  /** Set by the storage health probe and by a job the database could not take. */
  private storageFailed = false;
  /** Staff took the station out of service from central (remote action; station/held-out.ts keeps it). */
  private heldOut = false;

  constructor(private readonly o: StationStatusOptions) {}

  readerStatuses(): ReaderStatus[] {
    return [...this.readers.values()];
  }

  onReader(s: ReaderStatus): void {
    this.readers.set(s.readerId, s);
    this.o.log.info('reader status', { ...s });
    this.o.onChange();
  }

  setStorageFailed(failed: boolean): void {
    this.storageFailed = failed;
    this.o.onChange();
  }

  setHeldOut(held: boolean): void {
    this.heldOut = held;
    this.o.onChange();
  }

  async refreshPrinter(): Promise<void> {
    try {
      this.printerStatus = await this.o.printer.status();
    } catch (err) {
      this.printerStatus = PRINTER_SILENT;
      this.o.log.warn('printer status failed', { error: (err as Error).message });
    }
    this.o.onChange();
  }

  printerReady(): boolean {
    return this.printerStatus !== null && isReady(this.printerStatus);
  }

  /** The status line; a queue that cannot be read counts as a storage failure, without remembering it. */
  view(ctx: StatusContext): KioskStatus {
    const readers = this.readerStatuses();
    const readerOk = readers.some((r) => r.state === 'connected');
    const reader = readerOk
      ? { state: 'connected' as const }
      : {
          state: readers[0]?.state ?? ('disconnected' as const),
          message: readers[0] && 'message' in readers[0] ? readers[0].message : 'no reader',
        };
    const p = this.printerStatus;
    const printerState: KioskStatus['printer']['state'] = !p
      ? 'unknown'
      : !isReady(p)
        ? 'stopped'
        : p.state === 'processing'
          ? 'busy'
          : 'ready';
    const worst =
      p?.conditions.find((c) => c.severity === 'error') ?? p?.conditions.find((c) => c.severity === 'warning');
    const warning = p?.conditions.find((c) => c.severity === 'warning');
    const queue = this.backlog();
    const reasons: LocalizedText[] = [];
    if (this.heldOut) reasons.push(REASONS.heldOut);
    if (ctx.central.state === 'offline') reasons.push(ctx.central.tokenRefused ? REASONS.token : REASONS.central);
    if (!readerOk) reasons.push(REASONS.reader);
    if (printerState === 'stopped') reasons.push(worst?.message ?? REASONS.printer);
    if (this.storageFailed || !queue) reasons.push(REASONS.database);
    const { config, timing } = ctx;
    return {
      terminalId: config.terminal.id,
      terminalName: config.terminal.name,
      branding: {
        campusName: config.branding.campusName,
        primaryColor: config.branding.primaryColor,
        ...(ctx.logoDataUrl ? { logoDataUrl: ctx.logoDataUrl } : {}),
      },
      defaultLanguage: config.language,
      demo: ctx.demo,
      central: ctx.central.state,
      reader,
      printer: {
        state: printerState,
        ...(worst ? { message: worst.message } : {}),
        ...(p ? { supplies: p.supplies } : {}),
        ...(warning ? { warning: warning.message } : {}),
      },
      queue: queue ?? { backlog: 0, oldestAgeS: null },
      outOfService: reasons.length > 0,
      reasons,
      idleTimeoutS: timing.idleTimeoutS,
      doneCountdownS: timing.doneCountdownS,
      stillTherePromptS: timing.stillTherePromptS,
      receipt: ctx.receipt,
    };
  }

  /** What the staff dashboard at central shows about this station (sent with every heartbeat). */
  health(reasons: LocalizedText[], templates: { id: string; version: string }[]): TerminalHealth {
    const p = this.printerStatus;
    return {
      printer: p
        ? {
            state: p.state,
            acceptingJobs: p.acceptingJobs,
            // What the printer says, clipped to what a heartbeat may carry (shared/health-limits.ts).
            conditions: p.conditions
              .slice(0, 20)
              .map((c) => ({ ...c, keyword: clipText(c.keyword, 64), message: clipLocalized(c.message) })),
            supplies: p.supplies.slice(0, 20).map((s) => ({ ...s, name: clipText(s.name, 64) })),
          }
        : { state: 'unknown', acceptingJobs: false, conditions: [], supplies: [] },
      readers: this.readerStatuses()
        .slice(0, 10)
        .map((r) => ({
          id: r.readerId,
          state: r.state,
          ...('message' in r ? { message: clipText(r.message) } : {}),
        })),
      reasons: reasons.slice(0, 10).map((r) => clipLocalized(r)),
      templates,
    };
  }

  private backlog(): ReturnType<JobStore['backlog']> | null {
    try {
      return this.o.jobs.backlog();
    } catch {
      return null;
    }
  }
}
