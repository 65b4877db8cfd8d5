/**
 * `estation central`: the reference central server, or enrolling a terminal or an admin (prints the
 * token once).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCentralServer } from '../../central/server.js';
import { parseTrustProxy } from '../../central/trust-proxy.js';
import { publishedKey } from '../../lib/verification.js';
import { SITE_PATTERN } from '../../central/domain/staff-scope.js';
import { osUser } from './central/os-user.js';
import { databaseUrl, openCentralStore, STORE_OPTIONS } from './central/store-option.js';
import { intOption, parse, printLines, UsageError } from './args.js';
import { RETENTION_OPTIONS, retentionFromOptions } from './central/retention-options.js';
import { CAS_OPTIONS, casBanner, casFromOptions } from './central/cas-options.js';
import {
  PAYMENT_OPTIONS,
  providerFromOptions,
  RELEASE_OPTION,
  reconcileAtFromOptions,
  releaseAfterFromOptions,
} from './central/payment-options.js';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'terms') return (await import('./central/terms.js')).run(argv.slice(1));
  if (argv[0] === 'institution') return (await import('./central/institution.js')).run(argv.slice(1));
  if (argv[0] === 'kinds') return (await import('./central/kinds.js')).run(argv.slice(1));
  if (argv[0] === 'import') return (await import('./central/import.js')).run(argv.slice(1));
  if (argv[0] === 'backup' || argv[0] === 'restore')
    return (await import('./central/backup.js')).run(argv[0], argv.slice(1));
  if (argv[0] === 'prune') return (await import('./central/prune.js')).run(argv.slice(1));
  if (argv[0] === 'group') return (await import('./central/group.js')).run(argv.slice(1));
  if (argv[0] === 'documents') return (await import('./central/documents.js')).run(argv.slice(1));
  if (argv[0] === 'revoke') return (await import('./central/documents.js')).revoke(argv.slice(1));
  if (argv[0] === 'staff') return (await import('./central/staff.js')).run(argv.slice(1));
  if (argv[0] === 'station') return (await import('./central/station.js')).run(argv.slice(1));
  if (argv[0] === 'migrate') return (await import('./central/migrate.js')).run(argv.slice(1));
  if (argv[0] === 'payments') return (await import('./central/payments.js')).run(argv.slice(1));
  if (argv[0] === 'keys') return (await import('./central/keys.js')).run(argv.slice(1));
  if (argv[0] === 'stations') return (await import('./central/stations.js')).run(argv.slice(1));
  if (argv[0] === 'enroll' && argv.some((a) => a === '--csv' || a.startsWith('--csv=')))
    return (await import('./central/stations.js')).enrollCsv(argv.slice(1));
  if (argv[0] === 'audit') return (await import('./central/audit.js')).run(argv.slice(1));
  if (argv[0] === 'report') return (await import('./central/report.js')).run(argv.slice(1));
  if (argv[0] === 'enroll' || argv[0] === 'enroll-admin') {
    const admin = argv[0] === 'enroll-admin';
    const { values, positionals } = parse(
      argv.slice(1),
      { name: { type: 'string' }, site: { type: 'string' }, ...STORE_OPTIONS },
      true,
    );
    const id = positionals[0];
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
      throw new UsageError(`${argv[0]} needs ${admin ? 'an admin' : 'a terminal'} id (letters, digits, "-" or "_")`);
    if (values.site !== undefined && (admin || !SITE_PATTERN.test(values.site)))
      throw new UsageError(
        admin
          ? '--site places a terminal; an admin token has no site'
          : `--site ${values.site}: a site is a path such as qianfoshan/library (lowercase letters, digits, - and _)`,
      );
    const store = await openCentralStore(values);
    const token = await (async () => {
      if (admin) return store.enrollAdmin(id, values.name ?? id);
      return store.enrollTerminal(id, values.name ?? id, osUser(), values.site);
    })().finally(() => store.close());
    printLines([
      admin
        ? `Admin ${id} enrolled. Send this token as "Authorization: Bearer <token>" to publish template releases; it is shown only once:`
        : `Terminal ${id} enrolled. Put this token into its kiosk configuration (central.token); it is shown only once:`,
      token,
    ]);
    return 0;
  }
  const { values } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    ...STORE_OPTIONS,
    demo: { type: 'boolean' },
    people: { type: 'string' },
    'verify-key': { type: 'string', multiple: true },
    'alert-webhook': { type: 'string', multiple: true },
    'trust-proxy': { type: 'string', multiple: true },
    ...RETENTION_OPTIONS,
    'publisher-key': { type: 'string', multiple: true },
    ...CAS_OPTIONS,
    ...PAYMENT_OPTIONS,
    ...RELEASE_OPTION,
    'reports-dir': { type: 'string' },
  });
  const provider = providerFromOptions(values);
  const releaseAfterMs = releaseAfterFromOptions(values);
  const reconcileAt = reconcileAtFromOptions(values);
  const retention = retentionFromOptions(values);
  const cas = casFromOptions(values);
  let trustProxy: string[];
  try {
    trustProxy = parseTrustProxy(values['trust-proxy'] ?? []);
  } catch (err) {
    throw new UsageError(`--trust-proxy: ${(err as Error).message}`);
  }
  const alertWebhooks = (values['alert-webhook'] ?? []).map((u) => {
    if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol))
      throw new UsageError(`--alert-webhook ${u}: give an http(s) URL`);
    return u;
  });
  const verifyKeys = (values['verify-key'] ?? []).map((file) => {
    try {
      return publishedKey(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`--verify-key ${file}: ${(err as Error).message}`);
    }
  });
  const people = intOption(values.people, 'people', 1, 1_000_000);
  if (people !== undefined && !values.demo)
    throw new UsageError('--people generates a demo campus: give it together with --demo');
  const database = databaseUrl({ database: values.database });
  const server = await startCentralServer({
    ...(database ? { database } : {}),
    verifyKeys,
    ...(people ? { campusPeople: people } : {}),
    dataDir: resolve(values.data ?? '.data/central'),
    port: intOption(values.port, 'port') ?? 8600,
    host: values.host ?? '127.0.0.1',
    seedDemo: values.demo ?? false,
    logger: true,
    alertWebhooks,
    trustProxy,
    retention,
    publisherKeyFiles: values['publisher-key'] ?? [],
    ...(cas ? { cas } : {}),
    payments: {
      provider,
      ...(releaseAfterMs ? { releaseAfterMs } : {}),
      ...(reconcileAt !== undefined ? { reconcileAt } : {}),
    },
    ...(values['reports-dir'] ? { reportsDir: resolve(values['reports-dir']) } : {}),
  });
  printLines([
    `E-station central server listening on ${server.url}`,
    `OpenAPI: ${server.url}/v1/openapi.json`,
    ...(cas ? [casBanner(cas, server.url)] : []),
    `Payments: ${provider.name}${provider.charges ? ` (${values['campus-card-url']})` : ' (nothing is charged)'}`,
    'Stop with Ctrl+C.',
  ]);
  return new Promise((res) => {
    const stop = () => void server.close().then(() => res(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
