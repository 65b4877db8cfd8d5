/**
 * Assembles a kiosk core from its configuration: database, drivers, templates, central client. Used
 * by every host. Central is always a URL here: the demo's built-in central server is started by the
 * host that wants one (main/cli/hosted-kiosk.ts), never by the core, so a packaged kiosk does not
 * contain it. The host also chooses the demo's fault injection (`demo.faults`).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { ReaderManager, type CardReader } from '../../drivers/card-reader/index.js';
import { createPrinter, createReceiptPrinter } from '../../drivers/printer/index.js';
import { RenderPool, RenderPoolClosedError } from '../../templates/engine/index.js';
import { centralUrls, insecureCentral, type KioskConfig } from '../../kiosk-config/schema.js';
import type { CentralApi } from './central-client.js';
import { FailoverCentral } from './central-failover.js';
import { openDatabase, type Db } from './db.js';
import { loadPublisherKeys } from '../../lib/publisher-keys.js';
import { StaffCredentials } from './staff/staff-credentials.js';
import { JobStore } from './job-store.js';
import { DemoFaultState, FaultyCentral, FaultyPrinter } from './session/demo-faults.js';
import { loadSigningKey } from './signing-key.js';
import { KeyRegistration } from './station/key-registration.js';
import { qrBase } from './verify-address.js';
import { KioskCore } from './kiosk-core.js';
import { createLogger, type Logger } from './log.js';
import { NoTemplatesError, TemplateRegistry } from './template-registry.js';
import { BUILTIN_DIR } from '../../templates/engine/index.js';

export interface Kiosk {
  core: KioskCore;
  db: Db;
  jobs: JobStore;
  config: KioskConfig;
  readers: CardReader[];
  log: Logger;
  close(): Promise<void>;
}

export interface CreateKioskOptions {
  log?: Logger;
  printerPollMs?: number;
  /**
   * The host runs a demo in which staff may inject printer and central faults: the printer and central
   * client are wrapped (session/demo-faults.ts). Default false.
   */
  demoFaults?: boolean;
  /** Folder of template bundles (default: the built-in templates of this checkout). */
  templatesDir?: string;
  /** Render documents on a worker thread (default true), so the thread serving the UI stays responsive. */
  renderInWorker?: boolean;
}

function logoDataUrl(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const type = extname(file).toLowerCase() === '.svg' ? 'image/svg+xml' : 'image/png';
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

/** central.url is "embedded" but this host starts no central server. */
export class EmbeddedCentralError extends Error {
  override name = 'EmbeddedCentralError';
  constructor() {
    super(
      'central.url is "embedded", but only the command line (estation demo, estation kiosk) starts the built-in demo central server. Set central.url to your central server (and central.token to this terminal\'s token), or start this kiosk with estation kiosk --config FILE.',
    );
  }
}

export async function createKiosk(config: KioskConfig, options: CreateKioskOptions = {}): Promise<Kiosk> {
  const log = options.log ?? createLogger();
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // A station without a single certificate template can serve nobody: stop before anything starts.
  const templates = TemplateRegistry.load(options.templatesDir, (dir, err) =>
    log.error('template bundle skipped', { dir, error: err.message }),
  );
  if (templates.bundles().length === 0) throw new NoTemplatesError(options.templatesDir ?? BUILTIN_DIR);
  const publisherKeys = loadPublisherKeys(config.publishing.publisherKeys);
  const signingKey = loadSigningKey(config.signing, dataDir);
  const centralUrlList = centralUrls(config.central);
  if (centralUrlList.includes('embedded')) throw new EmbeddedCentralError();
  // The first address: the one a document's QR code names when central.verifyUrl is not set.
  const centralUrl = centralUrlList[0]!;
  if (insecureCentral(config.central))
    log.warn(
      'central.url is plain http:// to another machine (central.allowInsecure): card numbers and PINs cross the network unencrypted',
      { url: centralUrlList.join(' ') },
    );
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  const jobs = new JobStore(db);
  // One manager runs every configured reader: reconnects, hot-plug, duplicate suppression.
  const readers: CardReader[] = [new ReaderManager(config.readers, { log })];
  const printer = createPrinter(config.printer);
  const receiptPrinter = createReceiptPrinter(config.receiptPrinter);
  const pool = options.renderInWorker === false ? null : new RenderPool();
  // Warm-up loads the fonts and compiles the engine's hot paths: one bundle per language does that; all
  // 24 built-in samples would keep a core busy for seconds while the first student waits behind them.
  // A kiosk stopped during warm-up closes the pool: that is no failure worth a warning.
  const warm = templates
    .bundles()
    .filter((b, i, all) => all.findIndex((o) => o.manifest.language === b.manifest.language) === i);
  if (pool)
    void pool
      .warmUp(warm)
      .catch(
        (err: Error) =>
          err instanceof RenderPoolClosedError || log.warn('render worker warm-up failed', { error: err.message }),
      );
  const client = new FailoverCentral({
    baseUrls: centralUrlList,
    token: config.central.token,
    timeoutMs: config.central.timeoutMs,
    onSwitch: (from, to, why) => log.warn('central address switched', { from, to, why }),
  });
  const faults = options.demoFaults ? new DemoFaultState() : null;
  const central: CentralApi = faults ? new FaultyCentral(client, faults) : client;
  const core = new KioskCore({
    config,
    jobs,
    central,
    // Shown only when there is a choice: a single address is the configuration itself.
    ...(centralUrlList.length > 1 ? { centralUrl: () => client.activeUrl } : {}),
    readers,
    printer: faults ? new FaultyPrinter(printer, faults) : printer,
    templates,
    log,
    faults,
    ...(config.branding.logo ? { logoDataUrl: logoDataUrl(config.branding.logo) } : {}),
    ...(options.printerPollMs ? { printerPollMs: options.printerPollMs } : {}),
    signing: {
      privateKey: signingKey.privateKey,
      keyId: signingKey.keyId,
      terminalId: config.terminal.id,
      baseUrl: config.central.verifyUrl ?? centralUrl,
    },
    qrBase: (data) => qrBase(config.central.verifyUrl, centralUrl, data),
    receiptPrinter,
    pruneAfterDays: config.queue.pruneConfirmedAfterDays,
    staffCredentials: new StaffCredentials(db, config.staff.offlineAccessDays),
    tasks: [
      new KeyRegistration({
        central,
        log,
        dataDir,
        key: signingKey.published,
        everyMs: config.central.heartbeatS * 1000,
      }),
    ],
    ...(publisherKeys.size
      ? {
          templateReleases: {
            dir: join(dataDir, 'templates'),
            trusted: publisherKeys,
            syncMinutes: config.publishing.syncMinutes,
          },
          centralSettings: { file: join(dataDir, 'central-settings.json'), trusted: publisherKeys },
        }
      : {}),
    ...(pool ? { render: (t, d, o) => pool.render(t, d, o) } : {}),
  });
  return {
    core,
    db,
    jobs,
    config,
    readers,
    log,
    async close() {
      await core.stop();
      await pool?.close();
      db.close();
    },
  };
}
