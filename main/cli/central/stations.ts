/**
 * Stations in bulk (issue #18): `estation central enroll --csv FILE --tokens OUT [--rotate]`,
 * `estation central stations revoke ID --reason TEXT` and `estation central stations list [--json] [--site S]`.
 *
 * Bulk enrollment is all or nothing: an admin enrolling 120 stations fixes the file and runs it again; with
 * per-row results, a second run would meet the rows that went in the first time (refused as already
 * enrolled, or given new tokens while the first file's are being handed out). Tokens go only into the
 * tokens file, created new with mode 0600 (readable by its owner only) before anything is enrolled, so a
 * file that cannot be written stops the run with nothing changed; they never reach standard output, where
 * terminal scrollback, `script` logs and CI logs keep them.
 */
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { SITE_PATTERN } from '../../../central/domain/staff-scope.js';
import {
  enrollStations,
  listStations,
  revokeStation,
  STATION_ID_PATTERN,
  StationsRefused,
  type StationListing,
} from '../../../central/store/station-enrollment.js';
import { parse, printLines, UsageError } from '../args.js';
import { osUser } from './os-user.js';
import { parseStationsCsv, tokensCsv } from './stations-csv.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

/** `estation central enroll --csv FILE --tokens OUT [--rotate]`. */
export async function enrollCsv(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    csv: { type: 'string' },
    tokens: { type: 'string' },
    rotate: { type: 'boolean' },
    ...STORE_OPTIONS,
  });
  if (positionals.length) throw new UsageError('enroll --csv takes the stations from the file, not an id');
  if (!values.csv || !values.tokens)
    throw new UsageError(
      "enroll --csv FILE needs --tokens OUT: a new file the stations' tokens are written to (readable only by you)",
    );
  let text: string;
  try {
    text = readFileSync(values.csv, 'utf8');
  } catch (err) {
    throw new UsageError(`--csv ${values.csv}: ${(err as Error).message}`);
  }
  const file = parseStationsCsv(text);
  if (!file.stations) {
    process.stderr.write(
      `${values.csv} has ${file.problems.length} problem(s):\n${file.problems.map((p) => `- ${p}`).join('\n')}\nNothing was enrolled: fix the file and run the command again.\n`,
    );
    return 1;
  }
  let fd: number;
  try {
    // "wx": never over an existing file (it may hold tokens already handed out); 0600 before a byte is written.
    fd = openSync(values.tokens, 'wx', 0o600);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      e.code === 'EEXIST'
        ? `--tokens ${values.tokens} already exists: name a new file (an existing one may hold tokens that are in use). Nothing was enrolled.`
        : `--tokens ${values.tokens}: ${e.message}. Nothing was enrolled.`,
    );
  }
  // The file is the one this run created a moment ago and it holds no token: removing it lets the next run use the name.
  const discard = () => {
    closeSync(fd);
    rmSync(values.tokens!, { force: true });
  };
  const store = await openCentralStore(values).catch((err: unknown) => {
    discard();
    throw err;
  });
  let tokens: { id: string; token: string }[];
  try {
    tokens = await enrollStations(store.sql, file.stations, { rotate: values.rotate ?? false, by: osUser() });
  } catch (err) {
    discard();
    if (!(err instanceof StationsRefused)) throw err;
    process.stderr.write(`${err.message}\nNothing was enrolled.\n`);
    return 1;
  } finally {
    await store.close();
  }
  try {
    writeSync(fd, tokensCsv(file.stations, tokens));
    fsyncSync(fd);
  } catch (err) {
    // Enrolled, but nobody holds the tokens (a full disk): the stations cannot use them, new ones are needed.
    discard();
    process.stderr.write(
      `The ${file.stations.length} station(s) are enrolled, but their tokens could not be written to ${values.tokens} (${(err as Error).message}). Free the space, then run the same command with --rotate and a new --tokens file.\n`,
    );
    return 1;
  }
  closeSync(fd);
  printLines([
    `${file.stations.length} station(s) enrolled${values.rotate ? ' (existing ones with new tokens; their old tokens no longer work)' : ''}.`,
    `Their tokens are in ${values.tokens} (readable only by you). Put each into its station's kiosk configuration (central.token), then delete the file.`,
  ]);
  return 0;
}

const describe = (s: StationListing) =>
  `${s.id}  ${s.name}  ${s.site ?? '(no site)'}  ${s.revoked ? `REVOKED ${s.revoked.at} by ${s.revoked.by}: ${s.revoked.reason}` : `last heartbeat ${s.lastHeartbeat ?? 'never'}`}`;

/** `estation central stations list|revoke`. */
export async function run(argv: string[]): Promise<number> {
  const sub = argv[0];
  const { values, positionals } = parse(
    argv.slice(1),
    { ...STORE_OPTIONS, json: { type: 'boolean' }, site: { type: 'string' }, reason: { type: 'string' } },
    true,
  );
  if (sub === 'list') {
    if (values.site !== undefined && !SITE_PATTERN.test(values.site))
      throw new UsageError(`--site ${values.site}: a site is a path such as qianfoshan/library`);
    const store = await openCentralStore(values);
    const all = await listStations(store.sql, values.site).finally(() => store.close());
    printLines(values.json ? [JSON.stringify(all, null, 2)] : all.length ? all.map(describe) : ['No stations.']);
    return 0;
  }
  if (sub === 'revoke') {
    const id = positionals[0];
    if (!id || positionals.length > 1 || !STATION_ID_PATTERN.test(id))
      throw new UsageError('stations revoke needs one station id (see `estation central stations list`)');
    const reason = values.reason?.trim();
    if (!reason || reason.length > 500)
      throw new UsageError(
        'stations revoke needs --reason TEXT (up to 500 characters): why, for whoever finds the station revoked on the dashboard',
      );
    const store = await openCentralStore(values);
    try {
      await revokeStation(store.sql, id, { by: osUser(), reason, at: new Date().toISOString() });
    } catch (err) {
      if (!(err instanceof StationsRefused)) throw err;
      process.stderr.write(`${err.message}\n`);
      return 1;
    } finally {
      await store.close();
    }
    printLines([
      `Station ${id} is revoked: central refuses its token from now on and the dashboard shows it as revoked. Documents it printed still verify. \`estation central enroll ${id}\` gives it a new token.`,
    ]);
    return 0;
  }
  throw new UsageError(`stations needs list or revoke${sub ? `, not "${sub}"` : ''}`);
}
