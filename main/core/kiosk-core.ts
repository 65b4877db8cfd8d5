/**
 * The kiosk core: sessions, print requests, device and central status. Plain Node, no Electron:
 * hosted by the Electron main process or by the web-mode server, which both reach it only through
 * `dispatch()` (main/core/dispatch.ts) with inputs validated against shared/kiosk-api.ts.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CatalogItem, LocalizedText, Person } from '../../shared/domain.js';
import type { JobView, KioskStatus, MethodInput, MethodOutput, SessionRejection, SessionView } from '../../shared/kiosk-api.js';
import type { CardRead, CardReader, ReaderStatus } from '../../drivers/card-reader/types.js';
import type { SimulatedCardReader } from '../../drivers/card-reader/simulated.js';
import { isReady, type Printer, type PrinterStatus } from '../../drivers/printer/types.js';
import type { KioskConfig } from '../../kiosk-config/schema.js';
import { CentralRejectedError, CentralUnavailableError, type CentralClient } from './central-client.js';
import type { JobRow, JobStore } from './job-store.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { PrintRunner } from './print-runner.js';
import type { TemplateRegistry } from './template-registry.js';

/** An error the renderer can show: `code` is stable and maps to a message in the UI's language files. */
export class KioskApiError extends Error {
  override name = 'KioskApiError';
  constructor(
    readonly code: 'invalid_input' | 'no_session' | 'item_unavailable' | 'printer_not_ready' | 'central_unreachable' | 'out_of_service' | 'not_demo' | 'unknown_method',
    message: string,
  ) {
    super(message);
  }
}

export interface KioskCoreOptions {
  config: KioskConfig;
  jobs: JobStore;
  central: CentralClient;
  readers: CardReader[];
  printer: Printer;
  templates: TemplateRegistry;
  log: Logger;
  /** Cards shown as buttons in demo mode. */
  demoCards?: { card: string; label: string }[];
  logoDataUrl?: string;
  /** Printer job-state polling interval. */
  printerPollMs?: number;
}

interface KioskCoreEvents {
  status: [KioskStatus];
  session: [SessionView];
  job: [JobView];
}

type ActiveSession = { id: string; person: Person; catalog: CatalogItem[]; jobIds: Set<string>; lastActivity: number };

const REASONS = {
  central: { zh: '暂时无法连接学校服务器', en: 'The university server cannot be reached right now' },
  reader: { zh: '本机暂时无法读卡', en: 'Cards cannot be read at this station right now' },
  database: { zh: '本机存储故障，暂停服务', en: 'Local storage failure: this station is paused' },
} satisfies Record<string, LocalizedText>;

export class KioskCore extends EventEmitter<KioskCoreEvents> {
  private session: ActiveSession | null = null;
  private rejected: { reason: SessionRejection; id: string } | null = null;
  private central: KioskStatus['central'] = 'unknown';
  private readerStatus = new Map<string, ReaderStatus>();
  private printerStatus: PrinterStatus | null = null;
  private databaseFailed = false;
  private readonly runner: PrintRunner;
  private readonly outbox: Outbox;
  private timers: NodeJS.Timeout[] = [];
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly o: KioskCoreOptions) {
    super();
    const onJob = (job: JobRow) => this.onJob(job);
    this.runner = new PrintRunner({ jobs: o.jobs, central: o.central, printer: o.printer, templates: o.templates, log: o.log, onJob, pollMs: o.printerPollMs ?? 500 });
    this.outbox = new Outbox({ jobs: o.jobs, central: o.central, log: o.log, onJob });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<void> {
    for (const reader of this.o.readers) {
      reader.on('status', (s) => this.onReaderStatus(s));
      reader.on('card', (c) => void this.onCard(c));
      try {
        await reader.open();
      } catch (err) {
        this.onReaderStatus({ state: 'disconnected', readerId: reader.id, message: (err as Error).message });
      }
    }
    await this.refreshPrinter();
    await this.heartbeat();
    // Resume or reconcile every unfinished job, then deliver pending reports.
    void this.runner.kick().then(() => this.outbox.flush());
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((err: Error) => this.o.log.error('periodic task failed', { error: err.message })), ms);
      t.unref();
      this.timers.push(t);
    };
    every(10_000, () => this.refreshPrinter());
    every(5_000, () => this.outbox.flush());
    every(5_000, async () => this.expireSession());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    await this.runner.stop();
    for (const r of this.o.readers) await r.close().catch(() => {});
    await this.o.printer.close().catch(() => {});
  }

  /** Resolves when every job that can move on has done so and due reports were sent (for tests and the CLI). */
  async settle(): Promise<void> {
    await this.runner.kick();
    await this.outbox.flush();
  }

  // ---- status ---------------------------------------------------------------------------------

  getStatus(): KioskStatus {
    const readers = [...this.readerStatus.values()];
    const readerOk = readers.some((r) => r.state === 'connected');
    const reader = readerOk ? { state: 'connected' as const } : { state: readers[0]?.state ?? ('disconnected' as const), message: readers[0] && 'message' in readers[0] ? readers[0].message : 'no reader' };
    const p = this.printerStatus;
    const printerState: KioskStatus['printer']['state'] = !p ? 'unknown' : !isReady(p) ? 'stopped' : p.state === 'processing' ? 'busy' : 'ready';
    const worst = p?.conditions.find((c) => c.severity === 'error') ?? p?.conditions.find((c) => c.severity === 'warning');
    const reasons: LocalizedText[] = [];
    if (this.central === 'offline') reasons.push(REASONS.central);
    if (!readerOk) reasons.push(REASONS.reader);
    if (printerState === 'stopped') reasons.push(worst?.message ?? { zh: '打印机暂停服务', en: 'The printer is out of service' });
    if (this.databaseFailed) reasons.push(REASONS.database);
    let queue = { backlog: 0, oldestAgeS: null as number | null };
    try {
      queue = this.o.jobs.backlog();
    } catch {
      this.databaseFailed = true;
    }
    return {
      terminalId: this.o.config.terminal.id,
      terminalName: this.o.config.terminal.name,
      branding: { campusName: this.o.config.branding.campusName, primaryColor: this.o.config.branding.primaryColor, ...(this.o.logoDataUrl ? { logoDataUrl: this.o.logoDataUrl } : {}) },
      defaultLanguage: this.o.config.language,
      demo: this.o.readers.some((r) => 'swipe' in r),
      central: this.central,
      reader,
      printer: { state: printerState, ...(worst ? { message: worst.message } : {}) },
      queue,
      outOfService: reasons.length > 0,
      reasons,
      idleTimeoutS: this.o.config.session.idleTimeoutS,
    };
  }

  private pushStatus(): void {
    if (!this.stopped) this.emit('status', this.getStatus());
  }

  private onReaderStatus(s: ReaderStatus): void {
    this.readerStatus.set(s.readerId, s);
    this.o.log.info('reader status', { ...s });
    this.pushStatus();
  }

  private async refreshPrinter(): Promise<void> {
    try {
      this.printerStatus = await this.o.printer.status();
    } catch (err) {
      this.printerStatus = { state: 'stopped', acceptingJobs: false, supplies: [], conditions: [{ keyword: 'offline', severity: 'error', message: { zh: '打印机无响应', en: 'The printer does not respond' } }] };
      this.o.log.warn('printer status failed', { error: (err as Error).message });
    }
    this.pushStatus();
  }

  private setCentral(state: 'online' | 'offline'): void {
    if (this.central === state) return;
    this.central = state;
    this.o.log.info(`central ${state}`);
    this.pushStatus();
    if (state === 'online') void this.runner.kick().then(() => this.outbox.flush());
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    try {
      const { backlog } = this.o.jobs.backlog();
      await this.o.central.call('heartbeat', { terminalTime: new Date().toISOString(), outOfService: this.getStatus().outOfService, backlog });
      this.setCentral('online');
    } catch (err) {
      this.setCentral('offline');
      this.o.log.warn('heartbeat failed', { error: (err as Error).message });
    }
    // Offline, look again soon so the station comes back into service quickly.
    const next = this.central === 'online' ? this.o.config.central.heartbeatS * 1000 : Math.min(3000, this.o.config.central.heartbeatS * 1000);
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), next);
    this.heartbeatTimer.unref();
  }

  // ---- sessions -------------------------------------------------------------------------------

  getSession(): SessionView {
    if (this.session) {
      const { id, person, catalog } = this.session;
      return {
        state: 'active',
        sessionId: id,
        person: { name: person.name, nameLatin: person.nameLatin, role: person.role, ...(person.studentNumber ? { studentNumber: person.studentNumber } : {}) },
        catalog,
      };
    }
    if (this.rejected) return { state: 'rejected', reason: this.rejected.reason, sessionId: this.rejected.id };
    return { state: 'idle' };
  }

  private pushSession(): void {
    this.emit('session', this.getSession());
  }

  private reject(reason: SessionRejection): void {
    this.clearSession();
    this.rejected = { reason, id: randomUUID() };
    this.pushSession();
  }

  private clearSession(): void {
    if (this.session) this.runner.forget([...this.session.jobIds]);
    // Dropping the object drops the person, catalog and job list from the core's memory.
    this.session = null;
    this.rejected = null;
  }

  private async onCard(read: CardRead): Promise<void> {
    this.o.log.info('card read', { readerId: read.readerId });
    if (this.getStatus().outOfService && this.central !== 'offline') return this.reject('out_of_service');
    try {
      const found = await this.o.central.call('lookupCard', { card: read.card });
      this.setCentral('online');
      if (found.person.role !== 'student') return this.reject('not_a_student');
      this.clearSession();
      this.session = { id: randomUUID(), person: found.person, catalog: this.filterCatalog(found.catalog), jobIds: new Set(), lastActivity: Date.now() };
      this.pushSession();
    } catch (err) {
      if (err instanceof CentralRejectedError && err.status === 404) return this.reject('card_unknown');
      if (err instanceof CentralUnavailableError) this.setCentral('offline');
      this.o.log.warn('card lookup failed', { error: (err as Error).message });
      this.reject('central_unreachable');
    }
  }

  /** Only offers what this kiosk can render: languages without a template are dropped. */
  private filterCatalog(catalog: CatalogItem[]): CatalogItem[] {
    return catalog.map((item) => {
      const languages = item.languages.filter((l) => this.o.templates.get(item.kind, l));
      if (languages.length) return { ...item, languages };
      return { ...item, languages: item.languages, available: false, unavailableReason: 'template_missing' as const };
    });
  }

  private expireSession(): void {
    const s = this.session;
    // The UI ends sessions with a visible countdown; this is the core's safety net if the UI is gone.
    if (s && Date.now() - s.lastActivity > (this.o.config.session.idleTimeoutS + 30) * 1000) this.endSession();
  }

  endSession(): MethodOutput<'endSession'> {
    this.clearSession();
    this.pushSession();
    return { ok: true };
  }

  // ---- printing -------------------------------------------------------------------------------

  private view(job: JobRow): JobView {
    const error = job.status === 'failed' || job.status === 'needs_attention' ? { zh: '打印未完成，请联系工作人员', en: 'Printing did not complete; please ask staff for help' } : null;
    return { jobId: job.id, kind: job.kind, language: job.language, copies: job.copies, status: job.status, serial: job.serial, error };
  }

  private onJob(job: JobRow): void {
    if (this.session?.jobIds.has(job.id)) this.emit('job', this.view(job));
    if (job.status === 'printed' || job.status === 'failed') void this.outbox.flush();
    if (job.status === 'failed' || job.status === 'needs_attention' || job.status === 'confirmed') this.pushStatus();
  }

  async requestPrint(input: MethodInput<'requestPrint'>): Promise<MethodOutput<'requestPrint'>> {
    const s = this.session;
    if (!s) throw new KioskApiError('no_session', 'No student is signed in.');
    s.lastActivity = Date.now();
    // A repeated request (double tap, retried call) returns its jobs and prints nothing more.
    const existing = input.items.map((_, i) => this.o.jobs.byKey(`${input.requestId}:${i}`));
    if (existing.every(Boolean)) return { jobs: existing.map((j) => this.view(j!)) };

    for (const item of input.items) {
      const entry = s.catalog.find((c) => c.kind === item.kind);
      if (!entry || !entry.available || !entry.languages.includes(item.language) || item.copies > entry.maxCopies) {
        throw new KioskApiError('item_unavailable', `${item.kind}/${item.language} x${item.copies} cannot be printed for this student.`);
      }
    }
    await this.refreshPrinter();
    if (!this.printerStatus || !isReady(this.printerStatus)) throw new KioskApiError('printer_not_ready', 'The printer cannot take a job now.');

    const jobs = input.items.map((item, i) => {
      const { job } = this.o.jobs.create({
        idempotencyKey: `${input.requestId}:${i}`,
        terminalId: this.o.config.terminal.id,
        personId: s.person.id,
        kind: item.kind,
        language: item.language,
        copies: item.copies,
      });
      s.jobIds.add(job.id);
      return job;
    });
    void this.runner.kick();
    return { jobs: jobs.map((j) => this.view(j)) };
  }

  listSessionJobs(): MethodOutput<'listSessionJobs'> {
    const ids = this.session ? [...this.session.jobIds] : [];
    return { jobs: ids.map((id) => this.view(this.o.jobs.get(id))) };
  }

  // ---- demo -----------------------------------------------------------------------------------

  listDemoCards(): MethodOutput<'listDemoCards'> {
    return { cards: this.simulatedReader() ? (this.o.demoCards ?? []) : [] };
  }

  private simulatedReader(): SimulatedCardReader | undefined {
    return this.o.readers.find((r): r is SimulatedCardReader => 'swipe' in r);
  }

  simulateSwipe(input: MethodInput<'simulateSwipe'>): MethodOutput<'simulateSwipe'> {
    const reader = this.simulatedReader();
    if (!reader) throw new KioskApiError('not_demo', 'This kiosk has no simulated card reader.');
    reader.swipe(input.card);
    return { ok: true };
  }
}
