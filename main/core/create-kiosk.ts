/**
 * Assembles a kiosk core from its configuration: database, drivers, templates, central client.
 * With `central.url = "embedded"` it first starts the reference central server in-process with demo
 * data (the demo). Used by every host: Electron, web mode and the crash-test child process.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { ReaderManager, type CardReader } from '../../drivers/card-reader/index.js';
import { createPrinter, createReceiptPrinter } from '../../drivers/printer/index.js';
import { RenderPool, RenderPoolClosedError } from '../../templates/engine/render-pool.js';
import type { KioskConfig } from '../../kiosk-config/schema.js';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import type { SeedPerson } from '../../central/seed/demo.js';
import { CentralClient } from './central-client.js';
import { openDatabase, type Db } from './db.js';
import { loadPublisherKeys } from './publisher-keys.js';
import { StaffCredentials } from './staff/staff-credentials.js';
import { JobStore } from './job-store.js';
import { loadSigningKey } from './signing-key.js';
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
  /** The in-process central server when the config says `embedded`. */
  central: RunningCentral | null;
  log: Logger;
  close(): Promise<void>;
}

export interface CreateKioskOptions {
  log?: Logger;
  /** Port for the embedded central server (0 = any free port). */
  centralPort?: number;
  printerPollMs?: number;
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

/** The demo cards shown as buttons (and printed by `estation demo`): name and major, or staff. */
export function demoCardsOf(people: readonly SeedPerson[]): { card: string; label: string }[] {
  return people.map((p) => ({ card: p.card, label: `${p.name} · ${p.role === 'student' ? p.major?.zh : '工作人员'}` }));
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
  let central: RunningCentral | null = null;
  let centralUrl = config.central.url;
  let token = config.central.token;
  if (centralUrl === 'embedded') {
    central = await startCentralServer({
      dataDir: join(dataDir, 'central'),
      port: options.centralPort ?? 0,
      seedDemo: true,
      terminals: [{ id: config.terminal.id, name: config.terminal.name }],
      verifyKeys: [signingKey.published],
    });
    centralUrl = central.url;
    token = central.tokens[config.terminal.id]!;
  }
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  const jobs = new JobStore(db);
  // One manager runs every configured reader: reconnects, hot-plug, duplicate suppression.
  const readers: CardReader[] = [new ReaderManager(config.readers, { log })];
  const printer = createPrinter(config.printer);
  const receiptPrinter = createReceiptPrinter(config.receiptPrinter);
  const pool = options.renderInWorker === false ? null : new RenderPool();
  // A kiosk stopped during warm-up closes the pool: that is no failure worth a warning.
  if (pool)
    void pool
      .warmUp(templates.bundles())
      .catch(
        (err: Error) =>
          err instanceof RenderPoolClosedError || log.warn('render worker warm-up failed', { error: err.message }),
      );
  const demoCards = central ? demoCardsOf(central.people) : undefined;
  const core = new KioskCore({
    config,
    jobs,
    central: new CentralClient({ baseUrl: centralUrl, token, timeoutMs: config.central.timeoutMs }),
    readers,
    printer,
    templates,
    log,
    ...(demoCards ? { demoCards } : {}),
    ...(config.branding.logo ? { logoDataUrl: logoDataUrl(config.branding.logo) } : {}),
    ...(options.printerPollMs ? { printerPollMs: options.printerPollMs } : {}),
    signing: {
      privateKey: signingKey.privateKey,
      keyId: signingKey.keyId,
      terminalId: config.terminal.id,
      baseUrl: config.central.verifyUrl ?? centralUrl,
    },
    receiptPrinter,
    pruneAfterDays: config.queue.pruneConfirmedAfterDays,
    staffCredentials: new StaffCredentials(db, config.staff.offlineAccessDays),
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
    central,
    log,
    async close() {
      await core.stop();
      await pool?.close();
      db.close();
      await central?.close();
    },
  };
}
