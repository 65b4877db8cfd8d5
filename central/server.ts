/**
 * Starts a central server: the SQLite store under `dataDir`, optionally seeded with demo data and
 * a demo terminal. Used by `estation central` and, in-process, by `estation demo`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadPublisherKeys } from '../lib/publisher-keys.js';
import type { FastifyInstance } from 'fastify';
import type { KindLookup } from './releases/kind-lookup.js';
import { createCentralApp } from './app.js';
import type { LookupLimits } from './domain/lookup-limits.js';
import type { PublishedKey } from './routes/verify.js';
import { demoPeople, type SeedPerson } from './seed/demo.js';
import { demoCalendar } from './seed/demo-terms.js';
import { seedCampus } from './seed/seed-campus.js';
import { AlertNotifier } from './alert-notifier.js';
import { RetentionTask } from './retention-task.js';
import { MonthlyReportTask } from './reports/monthly-task.js';
import { PaymentWiring } from './payments/wiring.js';
import { PaymentSweep } from './payments/sweep.js';
import { NightlyReconcile } from './payments/nightly-reconcile.js';
import { freeProvider } from './payments/free.js';
import type { PaymentProvider } from './payments/provider.js';
import { markRunning } from './running.js';
import { retentionLimits, type RetentionLimits } from './store/retention.js';
import { SqliteCentralStore } from './store/sqlite.js';
import { PgCentralStore } from './store/pg/pg-store.js';
import type { SqlCentralStore } from './store/sql-store.js';
import { casServiceUrl, type CasConfig } from './staff/cas-config.js';

export interface CentralServerOptions {
  /** The data folder: the SQLite database (unless `database` names another), publisher keys, the running mark. */
  dataDir: string;
  /** A PostgreSQL connection string (postgres://user:password@host:port/db): the store is there, not in dataDir. */
  database?: string;
  host?: string;
  port?: number;
  /** Seed demo students and staff (idempotent). */
  seedDemo?: boolean;
  /** With seedDemo: also a generated campus of this many people (central/seed/campus.ts), upserted (idempotent). */
  campusPeople?: number;
  /** Enroll these terminals and return their tokens. */
  terminals?: { id: string; name: string }[];
  logger?: boolean;
  /** Public keys of the kiosks (or the university) that sign verification codes. */
  verifyKeys?: PublishedKey[];
  /** URLs that get every raised and cleared alert as JSON (see alert-notifier.ts). */
  alertWebhooks?: string[];
  /** How often alerts are compared, recorded in the alert history and sent to the webhooks (default 15 s). */
  alertIntervalMs?: number;
  /** Reverse proxies in front of central (central/trust-proxy.ts); none by default. */
  trustProxy?: string[];
  /** A person's data and new jobs only for a terminal that looked the card up recently (CentralAppOptions). */
  requireCardLookup?: boolean;
  /** Card lookups a terminal may make (CentralAppOptions; default: a human rate). */
  lookupLimits?: LookupLimits;
  /** The document kinds the publish checks know (CentralAppOptions). */
  lookupKind?: KindLookup;
  /** How long report logs and card lookups are kept (central/store/retention.ts; defaults there). */
  retention?: Partial<RetentionLimits>;
  /** How often the retention prune runs (default 6 h; it also runs once at start). */
  retentionIntervalMs?: number;
  /**
   * PEM files of the publisher keys whose releases central accepts, besides every `*.pem` in the data
   * folder's `publisher-keys/`. With none at all, central stores releases without checking who signed them.
   */
  publisherKeyFiles?: string[];
  /**
   * Dashboard sign-in through the university's CAS (checked by parseCasConfig), with central's public URL
   * as browsers reach it (default: the address it listens on; behind a reverse proxy it must be given).
   */
  cas?: { config: CasConfig; publicUrl?: string; timeoutMs?: number };
  /**
   * The payment provider (docs/payments.md; default: free, nothing charged), how long a paid job never
   * reported stays held (default 24 h), and how often unanswered captures and releases are retried (60 s).
   */
  payments?: {
    provider: PaymentProvider;
    releaseAfterMs?: number;
    sweepIntervalMs?: number;
    /** The institution's local time ("HH:MM", default 02:00) after which yesterday is reconciled; null: never. */
    reconcileAt?: string | null;
    reconcileIntervalMs?: number;
  };
  /** A folder last month's report is written to once the month turns (central/reports/monthly-task.ts). */
  reportsDir?: string;
}

export interface RunningCentral<Store extends SqlCentralStore = SqlCentralStore> {
  app: FastifyInstance;
  store: Store;
  /** The scheduled retention prune. */
  retention: RetentionTask;
  /** The payment provider's calls and the ledger (central/payments/wiring.ts). */
  payments: PaymentWiring;
  /** The nightly reconciliation of the day before (central/payments/nightly-reconcile.ts). */
  reconcile: NightlyReconcile;
  url: string;
  tokens: Record<string, string>;
  people: SeedPerson[];
  close(): Promise<void>;
}

/** The folder of the data folder whose `*.pem` files are trusted publisher keys. */
export const PUBLISHER_KEY_DIR = 'publisher-keys';

/** The `*.pem` files of `dir`, in name order; none when it does not exist. */
function keyFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pem'))
    .sort()
    .map((f) => join(dir, f));
}

/** Without `database`, the store is the SQLite file in the data folder (tests read its rows directly). */
export async function startCentralServer(
  options: CentralServerOptions & { database?: undefined },
): Promise<RunningCentral<SqliteCentralStore>>;
export async function startCentralServer(options: CentralServerOptions): Promise<RunningCentral>;
export async function startCentralServer(options: CentralServerOptions): Promise<RunningCentral> {
  // Checked before anything starts: a limit out of range stops the start with its name and range.
  const limits = retentionLimits(options.retention);
  // A wrong public URL stops the start here, not at the first single sign-on.
  if (options.cas?.publicUrl !== undefined) casServiceUrl(options.cas.publicUrl);
  const store = options.database
    ? await PgCentralStore.open(options.database)
    : await SqliteCentralStore.open(join(options.dataDir, 'central.sqlite'));
  const people = options.seedDemo ? demoPeople() : [];
  if (options.seedDemo) await store.seed(people);
  if (options.seedDemo && options.campusPeople) await seedCampus(store, options.campusPeople);
  // The demo's terms, unless this data folder already has a calendar of its own.
  if (options.seedDemo && !(await store.termCalendar())) await store.setTermCalendar(demoCalendar());
  const tokens: Record<string, string> = {};
  for (const t of options.terminals ?? []) tokens[t.id] = await store.enrollTerminal(t.id, t.name);
  const publisherKeys = loadPublisherKeys(
    [...(options.publisherKeyFiles ?? []), ...keyFilesIn(join(options.dataDir, PUBLISHER_KEY_DIR))],
    `--publisher-key or ${PUBLISHER_KEY_DIR}/`,
  );
  let listening = '';
  const payments = new PaymentWiring({
    provider: options.payments?.provider ?? freeProvider,
    ledger: store.payments,
    ...(options.payments?.releaseAfterMs ? { releaseAfterMs: options.payments.releaseAfterMs } : {}),
    log: { warn: (o, m) => app.log.warn(o, m), info: (o, m) => app.log.info(o, m) },
  });
  const app = createCentralApp({
    store,
    payments,
    ...(options.cas
      ? {
          cas: {
            config: options.cas.config,
            publicUrl: () => options.cas?.publicUrl ?? listening,
            staffFor: (userId) => store.staffForSignOn(userId),
            ...(options.cas.timeoutMs ? { timeoutMs: options.cas.timeoutMs } : {}),
          },
        }
      : {}),
    ...(publisherKeys.size ? { publisherKeys } : {}),
    logger: options.logger ?? false,
    verifyKeys: options.verifyKeys ?? [],
    trustProxy: options.trustProxy ?? [],
    requireCardLookup: options.requireCardLookup ?? true,
    ...(options.lookupLimits ? { lookupLimits: options.lookupLimits } : {}),
    ...(options.lookupKind ? { lookupKind: options.lookupKind } : {}),
  });
  if (!publisherKeys.size)
    app.log.warn(
      `No publisher keys: central stores template and settings releases whoever signed them (the stations still check). Start it with --publisher-key PEM, or put the PEM files in ${join(options.dataDir, PUBLISHER_KEY_DIR)}.`,
    );
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  listening = address.replace('[::1]', '127.0.0.1');
  // Every instance records the alert history; the webhooks' delivery state is shared in the database.
  const alerts = new AlertNotifier({
    store,
    urls: options.alertWebhooks ?? [],
    fleetAlerts: () => store.reconciliations.alerts(),
    ...(options.alertIntervalMs ? { intervalMs: options.alertIntervalMs } : {}),
    onError: (m) => app.log.warn(m),
  });
  alerts.start();
  const retention = new RetentionTask({
    db: store.sql,
    limits,
    ...(options.retentionIntervalMs ? { intervalMs: options.retentionIntervalMs } : {}),
    onResult: (r) =>
      Object.values(r.counts).some((n) => n > 0) && app.log.info({ pruned: r.counts }, 'retention prune'),
    onError: (m) => app.log.warn(m),
  });
  retention.start();
  const reports =
    options.reportsDir === undefined
      ? null
      : new MonthlyReportTask({
          store,
          dir: options.reportsDir,
          onWritten: (files) => app.log.info({ files }, 'monthly report written'),
          onError: (m) => app.log.warn(m),
        });
  reports?.start();
  const sweep = new PaymentSweep(payments, options.payments?.sweepIntervalMs, (m) => app.log.warn(m));
  sweep.start();
  const reconcile = new NightlyReconcile({
    store,
    provider: payments.provider,
    instance: `${hostname()}:${process.pid}`,
    ...(options.payments?.reconcileAt ? { at: options.payments.reconcileAt } : {}),
    ...(options.payments?.reconcileIntervalMs ? { intervalMs: options.payments.reconcileIntervalMs } : {}),
    onResult: (r) =>
      r.mismatches.length
        ? app.log.error({ day: r.date, mismatches: r.mismatches.length }, 'nightly payment reconciliation: mismatches')
        : app.log.info({ day: r.date, movements: r.movements }, 'nightly payment reconciliation: all matching'),
    onError: (m) => app.log.warn(m),
  });
  if (options.payments?.reconcileAt !== null) reconcile.start();
  const url = listening;
  // `estation central restore` refuses while this mark says a central serves the folder.
  const unmark = markRunning(options.dataDir, url);
  return {
    app,
    store,
    retention,
    payments,
    reconcile,
    url,
    tokens,
    people,
    async close() {
      retention.stop();
      reports?.stop();
      sweep.stop();
      await reconcile.stop();
      await payments.idle();
      await alerts.stop();
      await app.close();
      await store.close();
      unmark();
    },
  };
}
