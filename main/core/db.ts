/**
 * The kiosk's SQLite database (better-sqlite3): WAL, synchronous=FULL (a committed job state survives
 * a power cut), busy_timeout, foreign keys, and numbered migrations applied in a transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Migrations in order; index + 1 is the schema version. Never edit one that has shipped: add a new one. */
export const MIGRATIONS: readonly string[] = [
  // 1: jobs, their append-only audit trail, and the outbox of reports for central.
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    template_id TEXT,
    template_version TEXT,
    copies INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 20),
    pages INTEGER,
    serial TEXT,
    verification_code TEXT,
    printer_id TEXT,
    printer_job_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('requested','authorized','rendered','submitted','printed','reported','confirmed','failed','cancelled','needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX jobs_by_status ON jobs (status, id);
  CREATE TABLE job_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  CREATE INDEX job_events_by_job ON job_events (job_id, id);
  CREATE TRIGGER job_events_append_only BEFORE UPDATE ON job_events
    BEGIN SELECT RAISE(ABORT, 'job_events is append-only'); END;
  CREATE TABLE outbox (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  `,
];

export class DatabaseVersionError extends Error {
  override name = 'DatabaseVersionError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The job database ${file} has schema version ${found}, but this E-station understands up to ${supported}. ` +
        'It was written by a newer E-station: install that version again (never delete the database, it holds unconfirmed print jobs).',
    );
  }
}

export function migrate(db: Db, file = db.name): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) throw new DatabaseVersionError(file, current, MIGRATIONS.length);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  for (let v = current + 1; v <= MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
      db.pragma(`user_version = ${v}`);
    }).immediate();
  }
  return MIGRATIONS.length;
}

/** Opens (creating if needed) and migrates the database at `file`. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  try {
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
