/**
 * Backing up and restoring central's SQLite database (docs/central.md, "Backup and restore").
 *
 * A backup uses SQLite's online backup API (better-sqlite3's `db.backup()`): it copies a consistent
 * snapshot while central keeps serving. The copy is written 0600 (it holds people's records and PIN hashes) under a
 * temporary name, checked (`PRAGMA integrity_check`), and only then given its name; an existing file
 * is never overwritten.
 *
 * A restore refuses while a central serves the folder (central/running.ts), checks the backup the
 * same way, keeps the database it replaces aside under a dated name (never deleted), and puts the
 * backup in its place.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateDir } from '../lib/private-files.js';
import { CENTRAL_MIGRATIONS } from './store/migrations.js';
import { runningCentrals } from './running.js';

export const CENTRAL_DATABASE = 'central.sqlite';
/** The most pages better-sqlite3 copies in one backup step. */
const ALL_PAGES = 0x7fffffff;

/** Something is wrong with the request, the backup or the folder; the message says what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface DatabaseCheck {
  /** Schema version (PRAGMA user_version). */
  schemaVersion: number;
  /** Rows per table, by table name. */
  rows: Record<string, number>;
}

/** Copies the central database of `dataDir` into `outFile` (a new file) while central may be serving. */
export async function backupCentral(dataDir: string, outFile: string): Promise<DatabaseCheck> {
  const source = join(dataDir, CENTRAL_DATABASE);
  if (!existsSync(source))
    throw new BackupError(
      `There is no central database in ${dataDir} (${CENTRAL_DATABASE}): give the folder central runs on with --data.`,
    );
  if (existsSync(outFile))
    throw new BackupError(`${outFile} exists already; a backup never overwrites a file: give a new name.`);
  const partial = `${outFile}.partial`;
  // Created empty and 0600 first: SQLite writes into it and keeps its mode (an empty file is an empty database).
  try {
    closeSync(openSync(partial, 'wx', 0o600));
  } catch (err) {
    throw new BackupError(
      `Cannot create ${partial}: ${(err as Error).message}. Check the folder exists and is writable, and remove a leftover ${partial} from an interrupted backup.`,
    );
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step, inside one read transaction: in WAL mode central keeps writing meanwhile.
    // In small steps, every write central made between two steps would start the copy over, and a
    // busy central would never let it finish.
    await db.backup(partial, { progress: () => ALL_PAGES });
    selfContained(partial);
    const check = checkDatabase(partial);
    // A hard link fails if the name was taken meanwhile: nothing is ever overwritten.
    linkSync(partial, outFile);
    return check;
  } finally {
    db.close();
    rmSync(partial, { force: true });
  }
}

/** The copy in rollback-journal mode: one file, with no write-ahead log beside it to lose when it is copied. */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** Opens a database read-only and checks it is a sound central database this version understands. */
export function checkDatabase(file: string): DatabaseCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`Cannot open ${file} as a SQLite database: ${(err as Error).message}.`);
  }
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new BackupError(`${file} is damaged (SQLite integrity check: ${String(result)}). Use another backup.`);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    if (!tables.includes('documents') || schemaVersion < 1)
      throw new BackupError(
        `${file} is a SQLite database but not one of an E-station central (it has no documents table or schema version).`,
      );
    if (schemaVersion > CENTRAL_MIGRATIONS.length)
      throw new BackupError(
        `${file} has schema version ${schemaVersion}, newer than this server understands (${CENTRAL_MIGRATIONS.length}): restore it with the E-station version that wrote it.`,
      );
    const rows: Record<string, number> = {};
    for (const t of tables) rows[t] = (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
    return { schemaVersion, rows };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} cannot be read as a central database: ${(err as Error).message}.`);
  } finally {
    db.close();
  }
}

export interface RestoreResult extends DatabaseCheck {
  /** Where the database that was replaced now is (null: the folder had none). */
  keptAside: string | null;
}

/** Puts the backup `file` in place as the central database of `dataDir`; refuses while a central serves it. */
export function restoreCentral(file: string, dataDir: string, now = new Date()): RestoreResult {
  const running = runningCentrals(dataDir);
  if (running.length)
    throw new BackupError(
      `A central server is running on ${dataDir} (${running.map((r) => `process ${r.pid} on ${r.host}, ${r.url}`).join('; ')}): stop it first, then restore. ` +
        `If no central runs there any more, remove ${running.map((r) => r.file).join(', ')}.`,
    );
  if (!existsSync(file))
    throw new BackupError(`There is no file ${file}: give the backup made with estation central backup.`);
  const check = checkDatabase(file);
  privateDir(dataDir);
  const target = join(dataDir, CENTRAL_DATABASE);
  let keptAside: string | null = null;
  if (existsSync(target)) {
    // Whatever a crashed central left in the write-ahead log goes into the file first, so the copy kept aside is whole.
    selfContained(target);
    keptAside = `${target}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(keptAside)) throw new BackupError(`${keptAside} exists already; try again in a moment.`);
    renameSync(target, keptAside);
    for (const ext of ['-wal', '-shm']) if (existsSync(target + ext)) renameSync(target + ext, keptAside + ext);
  }
  const partial = `${target}.restoring`;
  rmSync(partial, { force: true });
  closeSync(openSync(partial, 'wx', 0o600));
  copyFileSync(file, partial);
  // The copy takes the backup's mode; the database is for central's user only, whatever the backup's was.
  chmodSync(partial, 0o600);
  renameSync(partial, target);
  return { ...check, keptAside };
}
