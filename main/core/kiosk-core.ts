/**
 * The kiosk core: the one object both hosts (the Electron main process and the web-mode server) reach,
 * only through `dispatch()` (main/core/dispatch.ts) with inputs validated against shared/kiosk-api.ts.
 * Plain Node, no Electron. It wires focused units together and answers the kiosk API with them:
 *   station/station-status.ts   devices, storage and the status line
 *   station/central-link.ts     whether central answers; the heartbeat
 *   session/session-state.ts    who is at the station (student, staff, a turned-away card)
 *   session/student-session.ts  one student, their catalog, jobs and previews
 *   session/card-tap.ts         a card was read: who is it, and what happens
 *   staff/staff-session.ts      staff PIN and maintenance mode
 *   receipts.ts                 the receipt after a print request
 */
import { DEFAULT_TIMEZONE } from '../../shared/local-date.js';
import type { KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  EventPayload,
  KioskApi,
  KioskEventName,
  KioskStatus,
  MethodInput,
  MethodOutput,
  SessionView,
} from '../../shared/kiosk-api.js';
import type { CentralSettings, ScreenHealth } from '../../shared/central-api.js';
import type { JobStatus } from '../../shared/jobs.js';
import type { CardReader } from '../../drivers/card-reader/types.js';
import { findSimulatedReader } from '../../drivers/card-reader/index.js';
import type { ReceiptPrinter } from '../../drivers/printer/escpos/types.js';
import type { Printer } from '../../drivers/printer/types.js';
import type { SigningOptions } from '../../templates/engine/index.js';
import type { KioskConfig } from '../../kiosk-config/schema.js';
import type { CentralApi } from './central-client.js';
import { withCentralSettings } from './central-settings.js';
import { StorageUnavailableError } from './db.js';
import { BEFORE_PAPER } from './job-state.js';
import type { JobRow, JobStore } from './job-store.js';
import { KioskApiError } from './kiosk-api-error.js';
import type { Logger } from './log.js';
import { Outbox } from './outbox.js';
import { PrintRunner, type RenderFn } from './print-runner.js';
import { startQueueMaintenance, type QueueMaintenance } from './queue/maintenance.js';
import { recoverQueue } from './queue/recovery.js';
import { Receipts } from './receipts.js';
import type { DemoFaultState } from './session/demo-faults.js';
import { onCardTap, type CardTapOptions } from './session/card-tap.js';
import { jobErrorCode, jobView } from './session/job-view.js';
import { SessionState } from './session/session-state.js';
import type { StudentSession } from './session/student-session.js';
import { sessionTiming, type SessionTiming } from './session/timing.js';
import { SettingsSync } from './settings-sync.js';
import { fitHealth } from '../../shared/health-limits.js';
import { appVersion } from '../../lib/app-version.js';
import { MaintenanceDesk, withCentralUrl } from './staff/maintenance.js';
import type { StaffCredentials } from './staff/staff-credentials.js';
import { staffPinPolicy } from './staff/staff-pin.js';
import { StaffDesk } from './staff/staff-session.js';
import { RemoteActions, type StationHost } from './station/remote-actions.js';
import { heldOut, setHeldOut } from './station/held-out.js';
import { CentralLink } from './station/central-link.js';
import { StationStatus } from './station/station-status.js';
import type { StationTask } from './station/station-task.js';
import type { TemplateRegistry } from './template-registry.js';
import { withFallback } from './template-fallback.js';
import { TemplateSync } from './template-sync.js';

export interface KioskCoreOptions {
  config: KioskConfig;
  jobs: JobStore;
  /** Central as the host chose it: the HTTP client, or the demo's fault wrapper around it. */
  central: CentralApi;
  /** The central address in use, when the station has several (main/core/central-failover.ts). */
  centralUrl?: () => string | undefined;
  readers: CardReader[];
  /** The printer as the host chose it (in the demo, wrapped with its faults). */
  printer: Printer;
  templates: TemplateRegistry;
  log: Logger;
  /** The faults staff can inject, when the host runs a demo and wrapped the printer and central with them. */
  faults?: DemoFaultState | null;
  logoDataUrl?: string;
  /** Printer job-state polling interval (default: the print runner's PRINTER_POLL_MS). */
  printerPollMs?: number;
  /** Signs each document's verification QR code. */
  signing?: SigningOptions;
  /** The QR code's base address for a document of this data (main/core/verify-address.ts). */
  qrBase?: (data: Record<string, unknown>) => string;
  /** Renders documents (default: the engine in this thread; create-kiosk passes a worker-thread pool). */
  render?: RenderFn;
  /** ESC/POS receipt printer: one receipt per print request once its documents are out. */
  receiptPrinter?: ReceiptPrinter | null;
  /** Confirmed jobs are pruned after this many days (unconfirmed ones never). */
  pruneAfterDays?: number;
  /** Staff cards and PINs central accepted, for maintenance mode while central is unreachable. */
  staffCredentials?: StaffCredentials;
  /** What the station does on its own at start and then periodically (station-task.ts), e.g. registering its signing key. */
  tasks?: readonly StationTask[];
  /** Template releases published at central: where to install them, whose signatures to trust, how often to look. */
  templateReleases?: { dir: string; trusted: ReadonlyMap<string, KeyObject>; syncMinutes: number };
  /** Settings published at central: where to keep the applied release, whose signatures to trust. */
  centralSettings?: { file: string; trusted: ReadonlyMap<string, KeyObject> };
}

/** The core's events, one per entry of the shared event table, with its payload. */
export type KioskCoreEvents = { [E in KioskEventName]: [EventPayload<E>] };

/** What a host needs of the core: the kiosk API's methods and its events (KioskCore, or a test's fake). */
export type KioskEndpoint = KioskApi & EventEmitter<KioskCoreEvents>;

/** Job states in which a document is being prepared or printed, with no one needing to act. */
const ON_ITS_WAY: readonly JobStatus[] = ['authorized', 'rendered', 'submitted'];

export class KioskCore extends EventEmitter<KioskCoreEvents> implements KioskApi {
  /** When the session that requested a job ended (memory only; the print runner's unattended limit counts from it). */
  private readonly sessionEndedAt = new Map<string, Date>();
  private readonly station: StationStatus;
  private readonly link: CentralLink;
  private readonly sessions: SessionState;
  private readonly staff: StaffDesk;
  private readonly receipts: Receipts;
  private readonly cardTap: CardTapOptions;
  private readonly runner: PrintRunner;
  private readonly outbox: Outbox;
  private readonly desk: MaintenanceDesk;
  private readonly templateSync: TemplateSync | null;
  private readonly settingsSync: SettingsSync | null;
  private queueUpkeep: QueueMaintenance | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  /** Web mode: the kiosk browser as the host's watchdog reports it (null in Electron and headless). */
  private screen: ScreenHealth | null = null;
  private timing: SessionTiming;
  /** The configuration file with the settings published at central applied over it. */
  private config: KioskConfig;
  /** When templates and settings were last looked for at central successfully. */
  private lastSyncAt: string | null = null;
  private syncing: Promise<void> | null = null;
  /** Remote actions from central (issue #18) and what the host can do for them (setHost). */
  private readonly remote: RemoteActions;
  private host: StationHost = {};

  constructor(private readonly o: KioskCoreOptions) {
    super();
    const onJob = (job: JobRow) => this.onJob(job);
    const pushStatus = () => this.pushStatus();
    this.config = o.config;
    this.timing = sessionTiming(o.config);
    const baseRender: RenderFn =
      o.render ??
      (async (t, d, opts) => (await import('../../templates/engine/index.js')).renderCertificate(t, d, opts));
    // Previews and prints fall back to the previous version of a template that fails (template-fallback.ts).
    const render = withFallback(baseRender, () => this.templateSync);
    this.station = new StationStatus({ printer: o.printer, jobs: o.jobs, log: o.log, onChange: pushStatus });
    this.link = new CentralLink({
      central: o.central,
      log: o.log,
      terminalId: o.config.terminal.id,
      heartbeatS: o.config.central.heartbeatS,
      report: () => this.heartbeatReport(),
      onChange: pushStatus,
      // Back online: jobs and reports waiting out a backoff go now.
      onBackOnline: () => void this.runner.retryNow().then(() => this.outbox.resume()),
      onActions: (actions) => void this.remote.receive(actions),
    });
    this.sessions = new SessionState({
      attemptsLeft: () => this.staff.guard.attemptsLeft(),
      onStudentEnded: (s) => {
        const ended = new Date();
        for (const id of s.jobIds) this.sessionEndedAt.set(id, ended);
        this.runner.forget([...s.jobIds]);
      },
      // Template releases that arrived during the session go live now, between two people.
      onFree: () => this.templateSync?.activatePending(),
      push: (view) => this.emit('session', view),
    });
    this.staff = new StaffDesk({
      central: o.central,
      sessions: this.sessions,
      policy: staffPinPolicy(o.config.overrides),
      log: o.log,
      credentials: o.staffCredentials,
      centralOffline: () => this.link.set('offline'),
    });
    this.cardTap = {
      central: o.central,
      link: this.link,
      sessions: this.sessions,
      staff: this.staff,
      templates: o.templates,
      log: o.log,
      credentials: o.staffCredentials,
      preview: { render },
      outOfService: () => this.getStatus().outOfService,
      readTest: (test) => this.emit('readTest', test),
    };
    this.receipts = new Receipts({
      printer: o.receiptPrinter,
      jobs: o.jobs,
      log: o.log,
      terminal: o.config.terminal,
      timeZone: () => this.institutionTimeZone(),
    });
    this.runner = new PrintRunner({
      jobs: o.jobs,
      central: o.central,
      printer: o.printer,
      templates: o.templates,
      log: o.log,
      onJob,
      ...(o.printerPollMs ? { pollMs: o.printerPollMs } : {}),
      unattendedLimitMs: o.config.queue.unattendedLimitMinutes * 60_000,
      waitedFor: (job) => (this.sessions.student?.jobIds.has(job.id) ? 'now' : this.sessionEndedAt.get(job.id)),
      ...(o.signing ? { signing: o.signing } : {}),
      ...(o.qrBase ? { qrBase: o.qrBase } : {}),
      render,
    });
    this.outbox = new Outbox({ jobs: o.jobs, central: o.central, log: o.log, onJob });
    const releases = o.templateReleases;
    this.templateSync = releases
      ? new TemplateSync({
          central: o.central,
          registry: o.templates,
          dir: releases.dir,
          trusted: releases.trusted,
          log: o.log,
          // A release's own sample is checked without any fallback.
          render: baseRender,
          // A job renders with the template active when it renders: none may be waiting for that.
          idle: () => this.sessions.free && this.o.jobs.listByStatus(['requested', 'authorized']).length === 0,
          onActivated: pushStatus,
        })
      : null;
    this.settingsSync = o.centralSettings
      ? new SettingsSync({
          central: o.central,
          terminalId: o.config.terminal.id,
          trusted: o.centralSettings.trusted,
          file: o.centralSettings.file,
          log: o.log,
          apply: (settings) => this.applySettings(settings),
        })
      : null;
    this.desk = new MaintenanceDesk({
      jobs: o.jobs,
      printer: o.printer,
      templates: o.templates,
      log: o.log,
      terminalId: o.config.terminal.id,
      readers: () => this.station.readerStatuses(),
      central: () => this.link.state,
      ...(o.centralUrl ? { centralUrl: o.centralUrl } : {}),
      kick: () => void this.runner.kick(),
      flush: () => this.outbox.flush(),
      onJob,
      timeZone: () => this.institutionTimeZone(),
      publishing: () => ({
        enabled: Boolean(this.templateSync || this.settingsSync),
        settingsVersion: this.settingsSync?.applied ?? 0,
        lastSyncAt: this.lastSyncAt,
        refused: [...(this.templateSync?.refusedReleases() ?? []), ...(this.settingsSync?.refusedReleases() ?? [])],
      }),
    });
    this.remote = new RemoteActions({
      db: o.jobs.db,
      jobs: o.jobs,
      central: o.central,
      log: o.log,
      host: () => this.host,
      personPresent: () => !this.sessions.free,
      sync: () => this.remoteSync(),
      setOutOfService: (by) => this.station.setHeldOut(setHeldOut(o.jobs.db, by) !== null),
      onJob,
      kick: () => void this.runner.kick(),
      flush: () => this.outbox.flush(),
    });
  }

  /** The host's part in remote actions: restarting the app, taking a screenshot (station/remote-actions.ts). */
  setHost(host: StationHost): void {
    this.host = host;
  }

  /** "Sync now" asked from central: what it found, or why it could not. */
  private async remoteSync(): Promise<string> {
    if (!this.settingsSync && !this.templateSync)
      throw new Error('this station takes no published templates or settings (no publisher keys are configured)');
    const before = this.lastSyncAt;
    await this.syncFromCentral();
    if (this.lastSyncAt === before)
      throw new Error('central did not answer the template or settings request; the station log says why');
    return `Templates and settings looked for at central: ${this.o.templates.list().length} templates installed, settings version ${this.settingsSync?.applied ?? 0}.`;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<void> {
    // Held out of service by staff before a restart: still so. Actions a restart interrupted are answered.
    this.station.setHeldOut(heldOut(this.o.jobs.db) !== null);
    this.remote.recoverInterrupted();
    // Templates and settings published earlier apply before the first card can be read.
    this.templateSync?.loadInstalled();
    this.settingsSync?.loadSaved();
    this.o.staffCredentials?.setOfflineDays(this.config.staff.offlineAccessDays);
    for (const reader of this.o.readers) {
      reader.on('status', (s) => this.station.onReader(s));
      reader.on('card', (read) => void onCardTap(read, this.cardTap));
      try {
        await reader.open();
      } catch (err) {
        this.station.onReader({ state: 'disconnected', readerId: reader.id, message: (err as Error).message });
      }
    }
    await this.station.refreshPrinter();
    // Reconcile what a crash or power cut left behind before anything new starts.
    await recoverQueue({ jobs: this.o.jobs, printer: this.o.printer, log: this.o.log }).catch((err: Error) => {
      this.station.setStorageFailed(true);
      this.o.log.error('queue recovery failed', { error: err.message });
    });
    this.queueUpkeep = startQueueMaintenance({
      jobs: this.o.jobs,
      log: this.o.log,
      pruneAfterDays: this.o.pruneAfterDays ?? 30,
      onStorage: (failure) => this.station.setStorageFailed(failure !== null),
    });
    await this.link.start();
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
    every(10_000, () => this.station.refreshPrinter());
    for (const task of this.o.tasks ?? []) {
      const round = () =>
        task
          .run()
          .catch((err: Error) => this.o.log.error('station task failed', { task: task.name, error: err.message }));
      void round();
      every(task.everyMs, round);
    }
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

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    this.link.stop();
    this.queueUpkeep?.stop();
    await this.runner.stop();
    await this.receipts.close();
    for (const r of this.o.readers) await r.close().catch(() => {});
    await this.o.printer.close().catch(() => {});
  }

  /** Resolves when every job that can move on has done so and due reports were sent (for tests and the CLI). */
  async settle(): Promise<void> {
    await this.runner.kick();
    await this.outbox.flush();
  }

  /** Applies settings published at central over the configuration file, at once. */
  private applySettings(settings: CentralSettings): void {
    this.config = withCentralSettings(this.o.config, settings);
    this.timing = sessionTiming(this.config);
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

  // ---- status ---------------------------------------------------------------------------------

  getStatus(): KioskStatus {
    return {
      ...this.stationView(),
      ...withCentralUrl(this.o.centralUrl?.()),
    };
  }

  private stationView(): KioskStatus {
    return this.station.view({
      config: this.config,
      timing: this.timing,
      central: { state: this.link.state, tokenRefused: this.link.tokenRefused },
      demo: findSimulatedReader(this.o.readers) !== undefined,
      receipt: this.receipts.enabled,
      logoDataUrl: this.o.logoDataUrl,
    });
  }

  private pushStatus(): void {
    if (!this.stopped) this.emit('status', this.getStatus());
  }

  private heartbeatReport() {
    const { backlog, oldestAgeS } = this.o.jobs.backlog();
    const status = this.getStatus();
    return {
      terminalTime: new Date().toISOString(),
      software: { version: appVersion() },
      // A browser the watchdog gave up on leaves students a bare desktop: out of service for central too.
      outOfService: status.outOfService || this.screen?.state === 'given-up',
      backlog,
      backlogOldestS: oldestAgeS,
      health: fitHealth({
        ...this.station.health(
          status.reasons,
          this.o.templates.list().map((t) => ({ id: t.id, version: t.version })),
        ),
        ...(this.templateSync?.fallbacks().length ? { templateFallbacks: this.templateSync.fallbacks() } : {}),
        ...(this.screen ? { screen: this.screen } : {}),
      }),
    };
  }

  /** The host reports its kiosk browser (main/web/browser-watchdog.ts); sent with every heartbeat. */
  setScreenHealth(screen: ScreenHealth | null): void {
    this.screen = screen;
  }

  /**
   * The institution's timezone, for every time the station shows: as central said it last, in a heartbeat
   * answer or a document's data (a profile changed since the last heartbeat shows in the next document),
   * else China's (an older central says neither).
   */
  private institutionTimeZone(): string {
    const heard = [this.link.timeZone, this.runner.institutionTimeZone].filter((t) => t !== undefined);
    return heard.sort((a, b) => b.at - a.at)[0]?.zone ?? DEFAULT_TIMEZONE;
  }

  // ---- sessions -------------------------------------------------------------------------------

  getSession(): SessionView {
    return this.sessions.view();
  }

  endSession(): MethodOutput<'endSession'> {
    this.sessions.end();
    return { ok: true };
  }

  touchSession(): MethodOutput<'touchSession'> {
    this.sessions.touch();
    return { ok: true };
  }

  private expireSession(): void {
    // A document on its way to paper keeps its student's session: the UI shows its progress and asks
    // nothing of them meanwhile (a long or jammed print must not lose the done screen).
    const s = this.sessions.student;
    if (s && [...s.jobIds].some((id) => ON_ITS_WAY.includes(this.o.jobs.get(id).status))) s.lastActivity = Date.now();
    const last = this.sessions.lastActivity();
    // The UI ends sessions with a visible countdown; this is the core's safety net if the UI is gone.
    if (
      last !== undefined &&
      Date.now() - last > (this.timing.idleTimeoutS + this.timing.stillTherePromptS + 30) * 1000
    )
      this.endSession();
  }

  /** The signed-in student, active again; no_session when nobody is signed in. */
  private student(): StudentSession {
    const s = this.sessions.student;
    if (!s) throw new KioskApiError('no_session', 'No student is signed in.');
    s.lastActivity = Date.now();
    return s;
  }

  async previewDocument(input: MethodInput<'previewDocument'>): Promise<MethodOutput<'previewDocument'>> {
    const s = this.student();
    if (!s.offers(input))
      throw new KioskApiError('item_unavailable', `${input.kind}/${input.language} is not offered to this student.`);
    return s.preview(input);
  }

  // ---- staff ----------------------------------------------------------------------------------

  startMaintenance(): MethodOutput<'startMaintenance'> {
    const card = this.student().maintenanceCard;
    if (!card) throw new KioskApiError('not_in_maintenance', 'This card is not a maintenance staff card.');
    // The person's session ends (documents, previews) before the keypad opens: the same as tapping a staff card.
    this.staff.cardTapped(card);
    return { ok: true };
  }

  submitStaffPin(input: MethodInput<'submitStaffPin'>): Promise<MethodOutput<'submitStaffPin'>> {
    return this.staff.submitPin(input);
  }

  getMaintenance(): Promise<MethodOutput<'getMaintenance'>> {
    return this.staff.maintenance((staff) => this.desk.view(staff));
  }

  cancelJob(input: MethodInput<'cancelJob'>): Promise<MethodOutput<'cancelJob'>> {
    return this.staff.maintenance((staff) => {
      this.desk.cancel(input.jobId, input.reason, staff);
      this.pushStatus();
      return { ok: true as const };
    });
  }

  markJobPrinted(input: MethodInput<'markJobPrinted'>): Promise<MethodOutput<'markJobPrinted'>> {
    return this.staff.maintenance((staff) => {
      this.desk.markPrinted(input.jobId, input.reason, staff);
      this.pushStatus();
      return { ok: true as const };
    });
  }

  acknowledgeFlag(input: MethodInput<'acknowledgeFlag'>): Promise<MethodOutput<'acknowledgeFlag'>> {
    return this.staff.maintenance((staff) => {
      this.desk.acknowledge(input.jobId, input.reason, staff, this.staff.grant());
      this.pushStatus();
      return { ok: true as const };
    });
  }

  reprintJob(input: MethodInput<'reprintJob'>): Promise<MethodOutput<'reprintJob'>> {
    return this.staff.maintenance((staff) => ({
      ok: true as const,
      newJobId: this.desk.reprint(input.jobId, input.reason, staff, this.staff.grant()),
    }));
  }

  testPrint(): Promise<MethodOutput<'testPrint'>> {
    return this.staff.maintenance(async () => {
      await this.station.refreshPrinter();
      if (!this.station.printerReady())
        throw new KioskApiError('printer_not_ready', 'The printer cannot take a job now.');
      return { ok: true as const, printerJobId: await this.desk.testPrint() };
    });
  }

  syncNow(): Promise<MethodOutput<'syncNow'>> {
    return this.staff.maintenance(async () => {
      await this.link.heartbeatOnce();
      await this.runner.kick();
      // New template releases install now and go live when staff leave maintenance mode.
      await this.syncFromCentral();
      return { ok: true as const, settled: await this.outbox.flush() };
    });
  }

  // ---- printing -------------------------------------------------------------------------------

  /** Creates a job; a database that cannot take it puts the station out of service with a clear reason. */
  private createJob(job: Parameters<JobStore['create']>[0]): ReturnType<JobStore['create']> {
    try {
      return this.o.jobs.create(job);
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err;
      this.station.setStorageFailed(true);
      throw new KioskApiError('out_of_service', err.message);
    }
  }

  private onJob(job: JobRow): void {
    // Only a job before paper can be left unattended: forget when its session ended once it is past that.
    if (!BEFORE_PAPER.includes(job.status)) this.sessionEndedAt.delete(job.id);
    const student = this.sessions.student;
    if (student?.jobIds.has(job.id)) {
      // The records changed since the preview: the next preview of this document fetches them again.
      if (jobErrorCode(job) === 'records_changed') student.forgetDocument({ kind: job.kind, language: job.language });
      this.emit('job', jobView(job));
    }
    if (job.status === 'printed' || job.status === 'failed' || job.status === 'needs_attention')
      this.receipts.jobSettled(job, student);
    if (job.status === 'printed' || job.status === 'failed') void this.outbox.flush();
    if (job.status === 'failed' || job.status === 'needs_attention' || job.status === 'confirmed') this.pushStatus();
  }

  async requestPrint(input: MethodInput<'requestPrint'>): Promise<MethodOutput<'requestPrint'>> {
    const s = this.student();
    // A repeated request (double tap, retried call) returns its jobs and prints nothing more.
    const existing = input.items.map((_, i) => this.o.jobs.byKey(`${input.requestId}:${i}`));
    // A request id is this student's: another session reusing one learns nothing and prints nothing.
    if (existing.some((j) => j && j.person_id !== s.person.id))
      throw new KioskApiError('invalid_input', 'This request id belongs to another session.');
    const all = existing.filter((j) => j !== undefined && j !== null);
    if (all.length === existing.length) return { jobs: all.map(jobView) };

    for (const item of input.items) {
      if (!s.offers(item))
        throw new KioskApiError(
          'item_unavailable',
          `${item.kind}/${item.language} x${item.copies} cannot be printed for this student.`,
        );
    }
    // Paid copies beyond the campus-card balance are refused here, before anything is committed (issue #17).
    const short = s.shortOfMoney(input.items);
    if (short) throw new KioskApiError('insufficient_balance', `Not printed: ${short}.`);
    await this.station.refreshPrinter();
    if (!this.station.printerReady())
      throw new KioskApiError('printer_not_ready', 'The printer cannot take a job now.');

    s.commitFee(input.items);
    const jobs = input.items.map((item, i) => {
      const { job } = this.createJob({
        idempotencyKey: `${input.requestId}:${i}`,
        terminalId: this.o.config.terminal.id,
        personId: s.person.id,
        kind: item.kind,
        language: item.language,
        copies: item.copies,
        purpose: s.purposeOf(item),
      });
      s.jobIds.add(job.id);
      // The data the preview showed is what prints (central refuses with records_changed if it is stale).
      const seen = s.previewedData(item);
      if (seen) this.runner.provideData(job.id, seen);
      return job;
    });
    void this.runner.kick();
    return { jobs: jobs.map(jobView) };
  }

  listSessionJobs(): MethodOutput<'listSessionJobs'> {
    const ids = this.sessions.student ? [...this.sessions.student.jobIds] : [];
    return { jobs: ids.map((id) => jobView(this.o.jobs.get(id))) };
  }

  // ---- demo -----------------------------------------------------------------------------------

  listDemoCards(): MethodOutput<'listDemoCards'> {
    return { cards: findSimulatedReader(this.o.readers) ? this.o.config.demoCards : [] };
  }

  simulateFaults(input: MethodInput<'simulateFaults'>): Promise<MethodOutput<'simulateFaults'>> {
    const faults = this.o.faults;
    if (!faults) return Promise.reject(new KioskApiError('not_demo', 'This kiosk has no simulated devices.'));
    const now = faults.set(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    this.o.log.info('demo faults changed', { ...now });
    // Let the status line and any open screen say it at once, not at the next poll.
    return Promise.all([this.station.refreshPrinter(), this.link.heartbeatOnce()]).then(() => now);
  }

  simulateSwipe(input: MethodInput<'simulateSwipe'>): MethodOutput<'simulateSwipe'> {
    const reader = findSimulatedReader(this.o.readers);
    if (!reader) throw new KioskApiError('not_demo', 'This kiosk has no simulated card reader.');
    reader.swipe(input.card);
    return { ok: true };
  }
}
