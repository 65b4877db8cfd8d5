/**
 * A private PostgreSQL server for tests and benchmarks, as test/helpers/cupsd.ts is for CUPS: a cluster
 * made by `initdb` in a fresh temporary folder, started by `pg_ctl` on 127.0.0.1 at a free port (its unix
 * socket in the same folder), stopped and removed by dispose() and, if a test crashed, when the process
 * exits. It never touches the system's PostgreSQL (no /var/lib/postgresql, no port 5432, no /run socket).
 *
 *   const pg = await startPostgres();
 *   const url = await pg.createDatabase('central_a');   // postgres://estation@127.0.0.1:PORT/central_a
 *   ... new pg.Client({ connectionString: url }) ...
 *   await pg.dispose();
 *
 * Needs Debian's `postgresql` package (version 15; `ESTATION_PG_BIN` names another folder holding initdb and
 * pg_ctl). PostgreSQL refuses to run as root: as root, the cluster belongs to, and the server runs as, an
 * unprivileged user (`ESTATION_PG_USER`, else `postgres`, else `nobody`). Connections from loopback and the
 * socket are trusted: nobody but the test talks to this server.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { LOOPBACK, onFreePort, stopOnExit, walkableTempBase } from './private-daemon.js';

/** The superuser the private cluster is made with (trusted, no password). */
export const PG_TEST_USER = 'estation';

/** The folder with initdb and pg_ctl: ESTATION_PG_BIN, else Debian's PostgreSQL 15, else a newer one. */
export function postgresBinDir(): string | null {
  const override = process.env.ESTATION_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (existsSync(join(root, '15', 'bin', 'initdb'))) return join(root, '15', 'bin');
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && Number(v) >= 15 && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

/** The unprivileged account a root test process runs the server as, with its ids. */
function serverAccount(): { name: string; uid: number; gid: number } | null {
  const candidates = process.env.ESTATION_PG_USER ? [process.env.ESTATION_PG_USER] : ['postgres', 'nobody'];
  for (const name of candidates) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      if (uid > 0) return { name, uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  return null;
}

/** Why a private PostgreSQL cannot run here, or null when it can. */
export function postgresUnavailableReason(): string | null {
  const bin = postgresBinDir();
  if (!bin)
    return process.env.ESTATION_PG_BIN
      ? `ESTATION_PG_BIN=${process.env.ESTATION_PG_BIN} holds no initdb: point it at PostgreSQL's bin folder`
      : 'PostgreSQL 15 is not installed (apt-get install postgresql), or set ESTATION_PG_BIN to the folder holding initdb and pg_ctl';
  if (!existsSync(join(bin, 'pg_ctl'))) return `${bin} has initdb but no pg_ctl: reinstall PostgreSQL`;
  if (process.getuid?.() === 0 && !serverAccount())
    return process.env.ESTATION_PG_USER
      ? `user ${process.env.ESTATION_PG_USER} (ESTATION_PG_USER) does not exist or is root: name an unprivileged user`
      : 'PostgreSQL refuses to run as root and neither user postgres nor nobody exists: set ESTATION_PG_USER';
  return null;
}

export interface Postgres {
  host: string;
  port: number;
  /** The folder of the unix socket (`?host=` for a socket connection). */
  socketDir: string;
  /** Base folder of this server (cluster, socket, log). */
  dir: string;
  /** A connection string for `database` as the trusted superuser. */
  url(database?: string): string;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** The server's log, for test failure messages. */
  log(): Promise<string>;
  dispose(): Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
  const why = postgresUnavailableReason();
  if (why) throw new Error(`Cannot start a private PostgreSQL: ${why}`);
  const bin = postgresBinDir()!;
  const account = process.getuid?.() === 0 ? serverAccount()! : null;
  const dir = await mkdtemp(join(walkableTempBase(), 'estation-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const host = LOOPBACK;
  // The server's user owns the base folder (socket, log) and creates the cluster in it.
  if (account) await chown(dir, account.uid, account.gid);
  await chmod(dir, 0o700);

  /** Runs a PostgreSQL tool as the server's user; its output in the error when it fails. */
  const tool = (name: string, args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        join(bin, name),
        args,
        { timeout: 60_000, cwd: dir, ...(account ? { uid: account.uid, gid: account.gid } : {}) },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`${name} failed: ${(stderr || stdout || err.message).trim()}`));
          else resolve(stdout);
        },
      );
    });
  const stopSync = () => {
    spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
      stdio: 'ignore',
      timeout: 30_000,
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
    });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // No fsync (-N, fsync=off): a test cluster is thrown away, never recovered after a crash.
    await tool('initdb', ['-D', data, '-U', PG_TEST_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const port = await onFreePort(async (free) => {
    const options = `-p ${free} -h ${host} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      await tool('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
    } catch (err) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`${(err as Error).message}\nserver log:\n${log.trim()}`, { cause: err });
    }
    return free;
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  // Stopped and removed at exit if a test crashed before dispose().
  const untrack = stopOnExit(stopSync);

  const url = (database = 'postgres') => `postgres://${PG_TEST_USER}@${host}:${port}/${encodeURIComponent(database)}`;
  return {
    host,
    port,
    socketDir: dir,
    dir,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}: use a-z, 0-9 and _`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async dispose() {
      if (!untrack()) return;
      await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
