/**
 * Opening a SQLite database that holds records which must survive a crash or a power cut (the kiosk's
 * job queue, central's store): WAL, synchronous=FULL (a committed transaction is on disk), a busy timeout
 * for the moments another connection writes, foreign keys enforced (better-sqlite3's build default too,
 * said here so that it does not depend on the build), and the database's migrations
 * (lib/sqlite-migrations.ts) before anyone uses it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface OpenSqliteOptions {
  /** Brings the schema up to date (e.g. `(db) => migrate(db, file)`); may throw, and the database is closed. */
  migrate: (db: Database.Database) => void;
  /** How long a statement waits for another connection's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens the database at `file` (creating its folder; ':memory:' is fine) and migrates it. */
export function openSqlite(file: string, options: OpenSqliteOptions): Database.Database {
  const { migrate, busyTimeoutMs = 5000 } = options;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
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
