/**
 * Opening a SQLite database that holds records which must survive a crash or a power cut (the kiosk's
 * job queue, central's store): WAL, synchronous=FULL (a committed transaction is on disk), a busy timeout
 * for the moments another connection writes, foreign keys enforced (better-sqlite3's build default too,
 * said here so that it does not depend on the build), and the database's migrations
 * (lib/sqlite-migrations.ts) before anyone uses it. Its folder is 0700 and its files 0600
 * (lib/private-files.ts): they hold people's records and PIN hashes.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { privateDir, privateFiles } from './private-files.js';

export interface OpenSqliteOptions {
  /** Brings the schema up to date (e.g. `(db) => migrate(db, file)`); may throw, and the database is closed. */
  migrate: (db: Database.Database) => void;
  /** How long a statement waits for another connection's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens the database at `file` (creating its folder; ':memory:' is fine) and migrates it. */
export function openSqlite(file: string, options: OpenSqliteOptions): Database.Database {
  const { migrate, busyTimeoutMs = 5000 } = options;
  if (file !== ':memory:') {
    // The folder 0700 and the file 0600 before SQLite opens it: its WAL and SHM files take the file's mode.
    privateDir(dirname(file));
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    privateFiles([file, `${file}-wal`, `${file}-shm`]);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
