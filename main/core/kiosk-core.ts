/**
 * The kiosk core: sessions, print requests, device and central status. Plain Node, no Electron:
 * hosted by the Electron main process or by the web-mode server, which both reach it only through
 * `dispatch()` (main/core/dispatch.ts) with inputs validated against shared/kiosk-api.ts.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CatalogItem, LocalizedText, Person } from '../../shared/domain.js';
import type {
  JobView,
  KioskStatus,
  MethodInput,
  MethodOutput,
  PreviewView,
  ReadTest,
  SessionRejection,
  SessionView,
} from '../../shared/kiosk-api.js';
import type { CentralSettings, TerminalHealth } from '../../shared/central-api.js';
import type { JobStatus } from '../../shared/jobs.js';
import { BEFORE_PAPER } from './job-state.js';
import type { CardRead, CardReader, ReaderStatus } from '../../drivers/card-reader/types.js';
import type { SimulatedCardReader } from '../../drivers/card-reader/simulated.js';
import { findSimulatedReader } from '../../drivers/card-reader/index.js';
import type { ReceiptPrinter } from '../../drivers/printer/escpos/types.js';
import type { SigningOptions } from '../../templates/engine/render.js';
import { isReady, type Printer, type PrinterStatus } from '../../drivers/printer/types.js';
import type { KioskConfig } from '../../kiosk-config/schema.js';
import { CentralRejectedError, CentralUnavailableError, type CentralClient } from './central-client.js';
import type { JobRow, JobStore } from './job-store.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { PrintRunner, type RenderFn } from './print-runner.js';
import { StorageUnavailableError } from './db.js';
import { startQueueMaintenance, type QueueMaintenance } from './queue/maintenance.js';
import { recoverQueue } from './queue/recovery.js';
import type { TemplateRegistry } from './template-registry.js';
import { DemoFaultState, FaultyPrinter, faultyCentral } from './session/demo-faults.js';
import { renderPreview } from './session/preview.js';
import { sessionTimingFromEnv, type SessionTiming } from './session/timing.js';
import { MaintenanceDesk, MaintenanceError } from './staff/maintenance.js';
import type { CachedStaff, StaffCredentials } from './staff/staff-credentials.js';
import { TemplateSync } from './template-sync.js';
import { SettingsSync } from './settings-sync.js';
import { withCentralSettings } from './central-settings.js';
import { StaffPinGuard, staffPinPolicyFromEnv } from './staff/staff-pin.js';

/** An error the renderer can show: `code` is stable and maps to a message in the UI's language files. */
export class KioskApiError extends Error {
  override name = 'KioskApiError';
  constructor(
    readonly code:
      | 'invalid_input'
      | 'no_session'
      | 'item_unavailable'
      | 'printer_not_ready'
      | 'central_unreachable'
      | 'out_of_service'
      | 'not_demo'
      | 'unknown_method'
      | 'not_in_maintenance'
      | 'staff_locked'
      | 'preview_failed'
      | 'job_not_found'
      | 'job_not_in_attention'
      | 'job_not_flagged',
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
  /** Signs each document's verification QR code. */
  signing?: SigningOptions;
  /** Renders documents (default: the engine in this thread; create-kiosk passes a worker-thread pool). */
  render?: RenderFn;
  /** ESC/POS receipt printer: one receipt per print request once its documents are out. */
  receiptPrinter?: ReceiptPrinter | null;
  /** Confirmed jobs are pruned after this many days (unconfirmed ones never). */
  pruneAfterDays?: number;
  /** Staff cards and PINs central accepted, for maintenance mode while central is unreachable. */
  staffCredentials?: StaffCredentials;
  /** Template releases published at central: where to install them, whose signatures to trust, how often to look. */
  templateReleases?: { dir: string; trusted: ReadonlyMap<string, KeyObject>; syncMinutes: number };
  /** Settings published at central: where to keep the applied release, whose signatures to trust. */
  centralSettings?: { file: string; trusted: ReadonlyMap<string, KeyObject> };
}

interface KioskCoreEvents {
  status: [KioskStatus];
  session: [SessionView];
  job: [JobView];
  readTest: [ReadTest];
}

type ActiveSession = {
  id: string;
  person: Person;
  catalog: CatalogItem[];
  jobIds: Set<string>;
  lastActivity: number;
  /** Document data fetched for previews, per kind/language: memory only, dropped with the session. */
  data: Map<string, Record<string, unknown>>;
  /** Previews rendered for this session (memory only, dropped with it). */
  previews: Map<string, Promise<PreviewView>>;
  pages: Record<string, number>;
};
/** A staff card was tapped: waiting for the PIN, or in maintenance mode. The card number never leaves the core. */
/** `offline`: central could not be reached, so the PIN is checked against the cached credentials. */
type StaffSession = { id: string; card: string; lastActivity: number; offline: boolean } & (
  { stage: 'pin' } | { stage: 'maintenance'; staffName: string }
);

/** Masks a card number for the live read test: enough to tell cards apart, not enough to copy one. */
export function maskCard(card: string): string {
  return card.length <= 4 ? '*'.repeat(card.length) : `${'*'.repeat(Math.min(6, card.length - 4))}${card.slice(-4)}`;
}

const REASONS = {
  central: { zh: '暂时无法连接学校服务器', en: 'The university server cannot be reached right now' },
  token: {
    zh: '本机未获学校服务器授权，暂停服务（工作人员：请检查 central.token）',
    en: 'This station is not authorised by the university server (staff: check central.token)',
  },
  reader: { zh: '本机暂时无法读卡', en: 'Cards cannot be read at this station right now' },
  database: { zh: '本机存储故障，暂停服务', en: 'Local storage failure: this station is paused' },
} satisfies Record<string, LocalizedText>;

/** Job states in which a document is being prepared or printed, with no one needing to act. */
const ON_ITS_WAY: readonly JobStatus[] = ['authorized', 'rendered', 'submitted'];

export class KioskCore extends EventEmitter<KioskCoreEvents> {
  private session: ActiveSession | null = null;
  /** When the session that requested a job ended (memory only; the print runner's unattended limit counts from it). */
  private readonly sessionEndedAt = new Map<string, Date>();
  private staff: StaffSession | null = null;
  private rejected: { reason: SessionRejection; id: string; retryInS?: number } | null = null;
  private central: KioskStatus['central'] = 'unknown';
  /** Central answered 401 to the heartbeat: it is reachable, but does not accept this station. */
  private tokenRefused = false;
  private readerStatus = new Map<string, ReaderStatus>();
  private printerStatus: PrinterStatus | null = null;
  private databaseFailed = false;
  private queueUpkeep: QueueMaintenance | null = null;
  /** Print requests whose receipt has been printed (memory only; a receipt is a courtesy, never retried). */
  private readonly receipts = new Set<string>();
  private readonly runner: PrintRunner;
  private readonly outbox: Outbox;
  private timers: NodeJS.Timeout[] = [];
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Demo only (simulated reader): injected printer and central faults. */
  private readonly faults: DemoFaultState | null;
  private readonly printer: Printer;
  private readonly api: CentralClient;
  private timing: SessionTiming;
  /** The configuration file with the settings published at central applied over it. */
  private config: KioskConfig;
  private readonly settingsSync: SettingsSync | null;
  /** When templates and settings were last looked for at central successfully. */
  private lastSyncAt: string | null = null;
  private syncing: Promise<void> | null = null;
  private pinQueue: Promise<unknown> = Promise.resolve();
  private readonly pinGuard = new StaffPinGuard(staffPinPolicyFromEnv());
  private readonly desk: MaintenanceDesk;
  private readonly templateSync: TemplateSync | null;

  constructor(private readonly o: KioskCoreOptions) {
    super();
    const onJob = (job: JobRow) => this.onJob(job);
    this.faults = findSimulatedReader(o.readers) ? new DemoFaultState() : null;
    this.printer = this.faults ? new FaultyPrinter(o.printer, this.faults) : o.printer;
    this.api = this.faults ? faultyCentral(o.central, this.faults) : o.central;
    this.config = o.config;
    this.timing = sessionTimingFromEnv(o.config.session);
    this.runner = new PrintRunner({
      jobs: o.jobs,
      central: this.api,
      printer: this.printer,
      templates: o.templates,
      log: o.log,
      onJob,
      pollMs: o.printerPollMs ?? 500,
      unattendedLimitMs: o.config.queue.unattendedLimitMinutes * 60_000,
      waitedFor: (job) => (this.session?.jobIds.has(job.id) ? 'now' : this.sessionEndedAt.get(job.id)),
      ...(o.signing ? { signing: o.signing } : {}),
      ...(o.render ? { render: o.render } : {}),
    });
    this.outbox = new Outbox({ jobs: o.jobs, central: this.api, log: o.log, onJob });
    const releases = o.templateReleases;
    this.templateSync = releases
      ? new TemplateSync({
          central: this.api,
          registry: o.templates,
          dir: releases.dir,
          trusted: releases.trusted,
          log: o.log,
          render:
            o.render ??
            (async (t, d, opts) => (await import('../../templates/engine/index.js')).renderCertificate(t, d, opts)),
          // A job renders with the template active when it renders: none may be waiting for that.
          idle: () =>
            !this.session && !this.staff && this.o.jobs.listByStatus(['requested', 'authorized']).length === 0,
          onActivated: () => this.pushStatus(),
        })
      : null;
    this.settingsSync = o.centralSettings
      ? new SettingsSync({
          central: this.api,
          terminalId: o.config.terminal.id,
          trusted: o.centralSettings.trusted,
          file: o.centralSettings.file,
          log: o.log,
          apply: (settings) => this.applySettings(settings),
        })
      : null;
    this.desk = new MaintenanceDesk({
      jobs: o.jobs,
      printer: this.printer,
      templates: o.templates,
      log: o.log,
      terminalId: o.config.terminal.id,
      readers: () => [...this.readerStatus.values()],
      central: () => this.central,
      kick: () => void this.runner.kick(),
      flush: () => this.outbox.flush(),
      onJob,
      publishing: () => ({
        enabled: Boolean(this.templateSync || this.settingsSync),
        settingsVersion: this.settingsSync?.applied ?? 0,
        lastSyncAt: this.lastSyncAt,
        refused: [...(this.templateSync?.refusedReleases() ?? []), ...(this.settingsSync?.refusedReleases() ?? [])],
      }),
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<void> {
    // Templates and settings published earlier apply before the first card can be read.
    this.templateSync?.loadInstalled();
    this.settingsSync?.loadSaved();
    this.o.staffCredentials?.setOfflineDays(this.config.staff.offlineAccessDays);
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
    // Reconcile what a crash or power cut left behind before anything new starts.
    await recoverQueue({ jobs: this.o.jobs, printer: this.printer, log: this.o.log }).catch((err: Error) => {
      this.databaseFailed = true;
      this.o.log.error('queue recovery failed', { error: err.message });
    });
    this.queueUpkeep = startQueueMaintenance({
      jobs: this.o.jobs,
      log: this.o.log,
      pruneAfterDays: this.o.pruneAfterDays ?? 30,
      onStorage: (failure) => {
        this.databaseFailed = failure !== null;
        this.pushStatus();
      },
    });
    await this.heartbeat();
    // Resume every unfinished job, then deliver pending reports.
    void this.runner.kick().then(() => this.outbox.flush());
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(
        () => void fn().catch((err: Error) => this.o.log.error('periodic task failed', { error: err.message })),
        ms,
      );
      t.unref();
      this.timers.push(t);
    };
    every(10_000, () => this.refreshPrinter());
    every(5_000, () => this.outbox.flush());
    every(5_000, async () => this.expireSession());
    const syncMinutes =
      this.o.templateReleases?.syncMinutes ?? (this.settingsSync ? this.o.config.publishing.syncMinutes : null);
    if (syncMinutes) {
      const sync = () => this.syncFromCentral();
      void sync();
      every(syncMinutes * 60_000, sync);
    }
  }

  /** Applies settings published at central over the configuration file, at once. */
  private applySettings(settings: CentralSettings): void {
    this.config = withCentralSettings(this.o.config, settings);
    this.timing = sessionTimingFromEnv(this.config.session);
    this.o.staffCredentials?.setOfflineDays(this.config.staff.offlineAccessDays);
    this.pushStatus();
  }

  /** Looks for template releases and settings at central now (also what maintenance's sync-now does). */
  syncFromCentral(): Promise<void> {
    // One round at a time (the timer and "sync now" may overlap).
    this.syncing ??= this.syncRound().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async syncRound(): Promise<void> {
    if (!this.settingsSync && !this.templateSync) return;
    let ok = true;
    try {
      await this.settingsSync?.sync();
    } catch (err) {
      ok = false;
      this.o.log.warn('settings sync failed; will try again', { error: (err as Error).message });
    }
    try {
      const r = await this.templateSync?.sync();
      if (r?.waiting.length)
        this.o.log.info('template releases wait until the station is free', { releases: r.waiting });
    } catch (err) {
      ok = false;
      this.o.log.warn('template sync failed; will try again', { error: (err as Error).message });
    }
    if (ok) this.lastSyncAt = new Date().toISOString();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.queueUpkeep?.stop();
    await this.runner.stop();
    await this.o.receiptPrinter?.close().catch(() => {});
    for (const r of this.o.readers) await r.close().catch(() => {});
    await this.printer.close().catch(() => {});
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
    const reasons: LocalizedText[] = [];
    if (this.central === 'offline') reasons.push(this.tokenRefused ? REASONS.token : REASONS.central);
    if (!readerOk) reasons.push(REASONS.reader);
    if (printerState === 'stopped')
      reasons.push(worst?.message ?? { zh: '打印机暂停服务', en: 'The printer is out of service' });
    if (this.databaseFailed) reasons.push(REASONS.database);
    let queue = { backlog: 0, oldestAgeS: null as number | null };
    try {
      queue = this.o.jobs.backlog();
    } catch {
      this.databaseFailed = true;
    }
    return {
      terminalId: this.config.terminal.id,
      terminalName: this.config.terminal.name,
      branding: {
        campusName: this.config.branding.campusName,
        primaryColor: this.config.branding.primaryColor,
        ...(this.o.logoDataUrl ? { logoDataUrl: this.o.logoDataUrl } : {}),
      },
      defaultLanguage: this.config.language,
      demo: findSimulatedReader(this.o.readers) !== undefined,
      central: this.central,
      reader,
      printer: {
        state: printerState,
        ...(worst ? { message: worst.message } : {}),
        ...(p ? { supplies: p.supplies } : {}),
        ...(warning ? { warning: warning.message } : {}),
      },
      queue,
      outOfService: reasons.length > 0,
      reasons,
      idleTimeoutS: this.timing.idleTimeoutS,
      doneCountdownS: this.timing.doneCountdownS,
      stillTherePromptS: this.timing.stillTherePromptS,
      receipt: Boolean(this.o.receiptPrinter),
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
      this.printerStatus = await this.printer.status();
    } catch (err) {
      this.printerStatus = {
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
      this.o.log.warn('printer status failed', { error: (err as Error).message });
    }
    this.pushStatus();
  }

  private setCentral(state: 'online' | 'offline'): void {
    if (this.central === state) return;
    this.central = state;
    this.o.log.info(`central ${state}`);
    this.pushStatus();
    // Back online: jobs and reports waiting out a backoff go now.
    if (state === 'online') void this.runner.retryNow().then(() => this.outbox.resume());
  }

  private async heartbeatOnce(): Promise<void> {
    try {
      const { backlog, oldestAgeS } = this.o.jobs.backlog();
      const status = this.getStatus();
      await this.api.call('heartbeat', {
        terminalTime: new Date().toISOString(),
        outOfService: status.outOfService,
        backlog,
        backlogOldestS: oldestAgeS,
        health: this.health(status),
      });
      this.tokenRefused = false;
      this.setCentral('online');
    } catch (err) {
      const refused = err instanceof CentralRejectedError && err.status === 401;
      if (refused && !this.tokenRefused)
        this.o.log.error(
          'central refuses this terminal token: enroll the terminal (estation central enroll) and set central.token',
          { terminalId: this.o.config.terminal.id },
        );
      const changed = refused !== this.tokenRefused;
      this.tokenRefused = refused;
      this.setCentral('offline');
      if (changed) this.pushStatus();
      this.o.log.warn('heartbeat failed', { error: (err as Error).message });
    }
  }

  /** What the staff dashboard at central shows about this station (sent with every heartbeat). */
  private health(status: KioskStatus): TerminalHealth {
    const p = this.printerStatus;
    return {
      printer: p
        ? {
            state: p.state,
            acceptingJobs: p.acceptingJobs,
            conditions: p.conditions.slice(0, 20),
            supplies: p.supplies.slice(0, 20),
          }
        : { state: 'unknown', acceptingJobs: false, conditions: [], supplies: [] },
      readers: [...this.readerStatus.values()].slice(0, 10).map((r) => ({
        id: r.readerId,
        state: r.state,
        ...('message' in r ? { message: r.message.slice(0, 300) } : {}),
      })),
      reasons: status.reasons.slice(0, 10),
      templates: this.o.templates.list().map((t) => ({ id: t.id, version: t.version })),
    };
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    await this.heartbeatOnce();
    // Offline, look again soon so the station comes back into service quickly.
    const next =
      this.central === 'online'
        ? this.o.config.central.heartbeatS * 1000
        : Math.min(3000, this.o.config.central.heartbeatS * 1000);
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), next);
    this.heartbeatTimer.unref();
  }

  // ---- sessions -------------------------------------------------------------------------------

  getSession(): SessionView {
    if (this.session) {
      const { id, person, catalog, pages } = this.session;
      return {
        state: 'active',
        sessionId: id,
        person: {
          name: person.name,
          nameLatin: person.nameLatin,
          role: person.role,
          ...(person.studentNumber ? { studentNumber: person.studentNumber } : {}),
        },
        catalog,
        pages: { ...pages },
      };
    }
    if (this.staff?.stage === 'pin')
      return { state: 'staff_pin', sessionId: this.staff.id, attemptsLeft: this.pinGuard.attemptsLeft() };
    if (this.staff?.stage === 'maintenance')
      return { state: 'maintenance', sessionId: this.staff.id, staffName: this.staff.staffName };
    if (this.rejected) {
      const { reason, id, retryInS } = this.rejected;
      return { state: 'rejected', reason, sessionId: id, ...(retryInS !== undefined ? { retryInS } : {}) };
    }
    return { state: 'idle' };
  }

  private pushSession(): void {
    this.emit('session', this.getSession());
  }

  private reject(reason: SessionRejection, retryInS?: number): void {
    this.clearSession();
    this.rejected = { reason, id: randomUUID(), ...(retryInS !== undefined ? { retryInS } : {}) };
    this.pushSession();
  }

  private clearSession(): void {
    if (this.session) {
      const ended = new Date();
      for (const id of this.session.jobIds) this.sessionEndedAt.set(id, ended);
      this.runner.forget([...this.session.jobIds]);
      this.session.data.clear();
      this.session.previews.clear();
    }
    // Dropping the objects drops the person, catalog, document data, job list and any staff card from the core's memory.
    this.session = null;
    this.staff = null;
    this.rejected = null;
    // Template releases that arrived during the session go live now, between two people.
    this.templateSync?.activatePending();
  }

  private async onCard(read: CardRead): Promise<void> {
    this.o.log.info('card read', { readerId: read.readerId });
    // In maintenance mode a card is a live read test, never a new session.
    if (this.staff?.stage === 'maintenance') {
      this.staff.lastActivity = Date.now();
      this.emit('readTest', { readerId: read.readerId, cardMasked: maskCard(read.card), at: read.at.toISOString() });
      return;
    }
    const outOfService = this.getStatus().outOfService;
    try {
      const found = await this.api.call('lookupCard', { card: read.card });
      this.setCentral('online');
      // Staff may enter maintenance mode even (especially) when the station is out of service.
      if (found.person.role === 'staff') return this.startStaff(read.card);
      if (found.person.role !== 'student') return this.reject('not_a_student');
      if (outOfService) return this.reject('out_of_service');
      this.clearSession();
      this.session = {
        id: randomUUID(),
        person: found.person,
        catalog: this.filterCatalog(found.catalog),
        jobIds: new Set(),
        lastActivity: Date.now(),
        data: new Map(),
        previews: new Map(),
        pages: {},
      };
      this.pushSession();
      void this.warmPreviews(this.session);
    } catch (err) {
      if (err instanceof CentralRejectedError && err.status === 404) return this.reject('card_unknown');
      if (err instanceof CentralUnavailableError) this.setCentral('offline');
      this.o.log.warn('card lookup failed', { error: (err as Error).message });
      // A staff card central accepted recently may still open maintenance mode (PIN checked locally),
      // also when central refuses this station's token: that is exactly when staff must get in.
      const tokenRefused = err instanceof CentralRejectedError && err.status === 401;
      if ((err instanceof CentralUnavailableError || tokenRefused) && this.o.staffCredentials?.knows(read.card))
        return this.startStaff(read.card, true);
      this.reject(tokenRefused ? 'out_of_service' : 'central_unreachable');
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
    // A document on its way to paper keeps its student's session: the UI shows its progress and asks
    // nothing of them meanwhile (a long or jammed print must not lose the done screen).
    if (this.session && [...this.session.jobIds].some((id) => ON_ITS_WAY.includes(this.o.jobs.get(id).status)))
      this.session.lastActivity = Date.now();
    const last = this.session?.lastActivity ?? this.staff?.lastActivity;
    // The UI ends sessions with a visible countdown; this is the core's safety net if the UI is gone.
    if (
      last !== undefined &&
      Date.now() - last > (this.timing.idleTimeoutS + this.timing.stillTherePromptS + 30) * 1000
    )
      this.endSession();
  }

  touchSession(): MethodOutput<'touchSession'> {
    const now = Date.now();
    if (this.session) this.session.lastActivity = now;
    if (this.staff) this.staff.lastActivity = now;
    return { ok: true };
  }

  // ---- preview --------------------------------------------------------------------------------

  /**
   * Prepares every preview the student may open, one after the other, right after the tap: the list
   * shows page counts as they arrive and opening a preview is then instant. Stops when the session ends.
   */
  private async warmPreviews(s: ActiveSession): Promise<void> {
    for (const item of s.catalog) {
      if (!item.available) continue;
      for (const language of item.languages) {
        if (this.session !== s) return;
        try {
          const preview = await this.preview(s, { kind: item.kind, language });
          if (this.session !== s) return;
          s.pages[`${item.kind}/${language}`] = preview.pages;
          this.pushSession();
        } catch {
          // The student sees the error when opening this preview; nothing to show in the list.
        }
      }
    }
  }

  async previewDocument(input: MethodInput<'previewDocument'>): Promise<MethodOutput<'previewDocument'>> {
    const s = this.session;
    if (!s) throw new KioskApiError('no_session', 'No student is signed in.');
    s.lastActivity = Date.now();
    const entry = s.catalog.find((c) => c.kind === input.kind);
    if (!entry || !entry.available || !entry.languages.includes(input.language))
      throw new KioskApiError('item_unavailable', `${input.kind}/${input.language} is not offered to this student.`);
    return this.preview(s, input);
  }

  private preview(s: ActiveSession, input: MethodInput<'previewDocument'>): Promise<PreviewView> {
    const key = `${input.kind}/${input.language}`;
    let p = s.previews.get(key);
    if (!p) {
      p = this.renderPreviewFor(s, input);
      s.previews.set(key, p);
      // A failed preview is not remembered: the next attempt asks again.
      p.catch(() => s.previews.delete(key));
    }
    return p;
  }

  private async renderPreviewFor(s: ActiveSession, input: MethodInput<'previewDocument'>): Promise<PreviewView> {
    const key = `${input.kind}/${input.language}`;
    let data = s.data.get(key);
    if (!data) {
      try {
        data = (
          await this.api.call('documentData', { personId: s.person.id, kind: input.kind, language: input.language })
        ).data;
      } catch (err) {
        if (err instanceof CentralUnavailableError) {
          this.setCentral('offline');
          throw new KioskApiError('central_unreachable', 'Central did not answer the document data request.');
        }
        throw new KioskApiError('preview_failed', (err as Error).message);
      }
      // The student may have signed out (or a new card come) while central answered.
      if (this.session !== s) throw new KioskApiError('no_session', 'The session ended.');
      s.data.set(key, data);
    }
    try {
      const preview = await renderPreview(
        this.o.templates,
        input.kind,
        input.language,
        data,
        new Date(),
        this.o.render,
      );
      if (!preview) throw new KioskApiError('item_unavailable', `No template for ${key}.`);
      return preview;
    } catch (err) {
      if (err instanceof KioskApiError) throw err;
      this.o.log.error('preview failed', { kind: input.kind, language: input.language, error: (err as Error).message });
      throw new KioskApiError('preview_failed', (err as Error).message);
    }
  }

  // ---- staff ----------------------------------------------------------------------------------

  private startStaff(card: string, offline = false): void {
    const lockedFor = this.pinGuard.lockedForS();
    if (lockedFor > 0) return this.reject('staff_locked', lockedFor);
    this.clearSession();
    this.staff = { id: randomUUID(), card, stage: 'pin', lastActivity: Date.now(), offline };
    this.pushSession();
  }

  /** PINs are checked one at a time, so parallel calls cannot all pass the lockout check before any fails. */
  submitStaffPin(input: MethodInput<'submitStaffPin'>): Promise<MethodOutput<'submitStaffPin'>> {
    const run = this.pinQueue.then(() => this.checkOnePin(input));
    this.pinQueue = run.catch(() => undefined);
    return run;
  }

  private async checkOnePin(input: MethodInput<'submitStaffPin'>): Promise<MethodOutput<'submitStaffPin'>> {
    const st = this.staff;
    if (!st || st.stage !== 'pin') throw new KioskApiError('no_session', 'Tap a staff card first.');
    st.lastActivity = Date.now();
    const lockedFor = this.pinGuard.lockedForS();
    if (lockedFor > 0) {
      this.reject('staff_locked', lockedFor);
      return { ok: false, attemptsLeft: 0, lockedForS: lockedFor };
    }
    const { staff, offline } = await this.checkStaffPin(st, input.pin);
    if (this.staff !== st) throw new KioskApiError('no_session', 'The staff session ended.');
    if (staff) {
      this.pinGuard.succeeded();
      this.staff = {
        id: st.id,
        card: st.card,
        stage: 'maintenance',
        staffName: staff.name,
        lastActivity: Date.now(),
        offline,
      };
      this.o.log.info(
        offline ? 'maintenance mode entered offline (cached staff credentials)' : 'maintenance mode entered',
        { staffId: staff.id },
      );
      this.pushSession();
      return { ok: true, attemptsLeft: this.pinGuard.attemptsLeft() };
    }
    const locked = this.pinGuard.failed();
    this.o.log.warn('wrong staff PIN', { attemptsLeft: this.pinGuard.attemptsLeft() });
    if (locked) {
      this.reject('staff_locked', locked);
      return { ok: false, attemptsLeft: 0, lockedForS: locked };
    }
    this.pushSession();
    return { ok: false, attemptsLeft: this.pinGuard.attemptsLeft() };
  }

  /**
   * Central checks the PIN and stays the authority: what it accepts is cached, what it refuses is
   * forgotten. Only when central cannot be reached is the PIN checked against the cache.
   */
  private async checkStaffPin(st: StaffSession, pin: string): Promise<{ staff: CachedStaff | null; offline: boolean }> {
    const cache = this.o.staffCredentials;
    const offline = () => {
      if (!cache?.knows(st.card))
        throw new KioskApiError('central_unreachable', 'The PIN cannot be checked while central is unreachable.');
      return { staff: cache.check(st.card, pin), offline: true };
    };
    if (st.offline) return offline();
    let answer;
    try {
      answer = await this.api.call('verifyStaff', { card: st.card, pin });
    } catch (err) {
      this.o.log.warn('staff verification failed', { error: (err as Error).message });
      const tokenRefused = err instanceof CentralRejectedError && err.status === 401;
      if (!(err instanceof CentralUnavailableError) && !tokenRefused)
        throw new KioskApiError('central_unreachable', 'The PIN cannot be checked right now.');
      if (!tokenRefused) this.setCentral('offline');
      return offline();
    }
    if (answer.ok && answer.staff) {
      cache?.remember(st.card, pin, answer.staff);
      return { staff: answer.staff, offline: false };
    }
    cache?.forget(st.card);
    return { staff: null, offline: false };
  }

  private staffName(): string {
    if (this.staff?.stage !== 'maintenance')
      throw new KioskApiError('not_in_maintenance', 'Maintenance mode needs a staff card and PIN.');
    this.staff.lastActivity = Date.now();
    return this.staff.staffName;
  }

  private async maintenance<T>(fn: (staff: string) => T | Promise<T>): Promise<T> {
    const staff = this.staffName();
    try {
      return await fn(staff);
    } catch (err) {
      if (err instanceof MaintenanceError) throw new KioskApiError(err.code, err.message);
      throw err;
    }
  }

  getMaintenance(): Promise<MethodOutput<'getMaintenance'>> {
    return this.maintenance((staff) => this.desk.view(staff));
  }

  cancelJob(input: MethodInput<'cancelJob'>): Promise<MethodOutput<'cancelJob'>> {
    return this.maintenance((staff) => {
      this.desk.cancel(input.jobId, input.reason, staff);
      this.pushStatus();
      return { ok: true as const };
    });
  }

  markJobPrinted(input: MethodInput<'markJobPrinted'>): Promise<MethodOutput<'markJobPrinted'>> {
    return this.maintenance((staff) => {
      this.desk.markPrinted(input.jobId, input.reason, staff);
      this.pushStatus();
      return { ok: true as const };
    });
  }

  acknowledgeFlag(input: MethodInput<'acknowledgeFlag'>): Promise<MethodOutput<'acknowledgeFlag'>> {
    return this.maintenance((staff) => {
      this.desk.acknowledge(input.jobId, input.reason, staff);
      this.pushStatus();
      return { ok: true as const };
    });
  }

  reprintJob(input: MethodInput<'reprintJob'>): Promise<MethodOutput<'reprintJob'>> {
    return this.maintenance((staff) => ({
      ok: true as const,
      newJobId: this.desk.reprint(input.jobId, input.reason, staff),
    }));
  }

  testPrint(): Promise<MethodOutput<'testPrint'>> {
    return this.maintenance(async () => {
      await this.refreshPrinter();
      if (!this.printerStatus || !isReady(this.printerStatus))
        throw new KioskApiError('printer_not_ready', 'The printer cannot take a job now.');
      return { ok: true as const, printerJobId: await this.desk.testPrint() };
    });
  }

  syncNow(): Promise<MethodOutput<'syncNow'>> {
    return this.maintenance(async () => {
      await this.heartbeatOnce();
      await this.runner.kick();
      // New template releases install now and go live when staff leave maintenance mode.
      await this.syncFromCentral();
      return { ok: true as const, settled: await this.outbox.flush() };
    });
  }

  endSession(): MethodOutput<'endSession'> {
    this.clearSession();
    this.pushSession();
    return { ok: true };
  }

  // ---- printing -------------------------------------------------------------------------------

  private view(job: JobRow): JobView {
    const quota = job.status === 'failed' && /quota_used_up/.test(job.last_error ?? '');
    const error = quota
      ? { zh: '本学期免费份数已用完，未打印', en: 'Your free copies for this term are used up; nothing was printed' }
      : job.status === 'failed' || job.status === 'needs_attention'
        ? { zh: '打印未完成，请联系工作人员', en: 'Printing did not complete; please ask staff for help' }
        : null;
    return {
      jobId: job.id,
      kind: job.kind,
      language: job.language,
      copies: job.copies,
      status: job.status,
      serial: job.serial,
      error,
    };
  }

  /** Creates a job; a database that cannot take it puts the station out of service with a clear reason. */
  private createJob(job: Parameters<JobStore['create']>[0]): ReturnType<JobStore['create']> {
    try {
      return this.o.jobs.create(job);
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err;
      this.databaseFailed = true;
      this.pushStatus();
      throw new KioskApiError('out_of_service', err.message);
    }
  }

  /** Once every document of one print request is out, the receipt printer (if any) prints its serials. */
  private printReceipt(job: JobRow): void {
    const rp = this.o.receiptPrinter;
    const request = job.idempotency_key.slice(0, job.idempotency_key.lastIndexOf(':'));
    if (!rp || !this.session?.jobIds.has(job.id) || this.receipts.has(request)) return;
    const siblings = [...this.session.jobIds]
      .map((id) => this.o.jobs.get(id))
      .filter((j) => j.idempotency_key.startsWith(`${request}:`));
    const out = new Set(['printed', 'reported', 'confirmed']);
    if (
      !siblings.every(
        (j) => out.has(j.status) || j.status === 'failed' || j.status === 'cancelled' || j.status === 'needs_attention',
      )
    )
      return;
    const printed = siblings.filter((j) => out.has(j.status) && j.serial);
    if (!printed.length) return;
    this.receipts.add(request);
    const title = (kind: string) => this.session?.catalog.find((c) => c.kind === kind)?.title.zh ?? kind;
    void rp
      .print({
        terminalId: this.o.config.terminal.id,
        terminalName: this.o.config.terminal.name,
        time: new Date(),
        documents: printed.map((j) => ({ serial: j.serial!, title: title(j.kind), copies: j.copies })),
        qr: printed.map((j) => j.serial).join(','),
      })
      .catch((err: Error) => this.o.log.warn('receipt not printed', { error: err.message }));
  }

  private onJob(job: JobRow): void {
    // Only a job before paper can be left unattended: forget when its session ended once it is past that.
    if (!BEFORE_PAPER.includes(job.status)) this.sessionEndedAt.delete(job.id);
    if (this.session?.jobIds.has(job.id)) this.emit('job', this.view(job));
    if (job.status === 'printed' || job.status === 'failed' || job.status === 'needs_attention') this.printReceipt(job);
    if (job.status === 'printed' || job.status === 'failed') void this.outbox.flush();
    if (job.status === 'failed' || job.status === 'needs_attention' || job.status === 'confirmed') this.pushStatus();
  }

  async requestPrint(input: MethodInput<'requestPrint'>): Promise<MethodOutput<'requestPrint'>> {
    const s = this.session;
    if (!s) throw new KioskApiError('no_session', 'No student is signed in.');
    s.lastActivity = Date.now();
    // A repeated request (double tap, retried call) returns its jobs and prints nothing more.
    const existing = input.items.map((_, i) => this.o.jobs.byKey(`${input.requestId}:${i}`));
    // A request id is this student's: another session reusing one learns nothing and prints nothing.
    if (existing.some((j) => j && j.person_id !== s.person.id))
      throw new KioskApiError('invalid_input', 'This request id belongs to another session.');
    if (existing.every(Boolean)) return { jobs: existing.map((j) => this.view(j!)) };

    for (const item of input.items) {
      const entry = s.catalog.find((c) => c.kind === item.kind);
      if (!entry || !entry.available || !entry.languages.includes(item.language) || item.copies > entry.maxCopies) {
        throw new KioskApiError(
          'item_unavailable',
          `${item.kind}/${item.language} x${item.copies} cannot be printed for this student.`,
        );
      }
    }
    await this.refreshPrinter();
    if (!this.printerStatus || !isReady(this.printerStatus))
      throw new KioskApiError('printer_not_ready', 'The printer cannot take a job now.');

    const jobs = input.items.map((item, i) => {
      const { job } = this.createJob({
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
    return findSimulatedReader(this.o.readers);
  }

  simulateFaults(input: MethodInput<'simulateFaults'>): Promise<MethodOutput<'simulateFaults'>> {
    if (!this.faults) return Promise.reject(new KioskApiError('not_demo', 'This kiosk has no simulated devices.'));
    const now = this.faults.set(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    this.o.log.info('demo faults changed', { ...now });
    // Let the status line and any open screen say it at once, not at the next poll.
    return Promise.all([this.refreshPrinter(), this.heartbeatOnce()]).then(() => now);
  }

  simulateSwipe(input: MethodInput<'simulateSwipe'>): MethodOutput<'simulateSwipe'> {
    const reader = this.simulatedReader();
    if (!reader) throw new KioskApiError('not_demo', 'This kiosk has no simulated card reader.');
    reader.swipe(input.card);
    return { ok: true };
  }
}
