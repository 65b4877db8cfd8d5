/**
 * Versioned schema migrations for a SQLite database (better-sqlite3), used by the kiosk's job database
 * (main/core/db.ts) and central's store (central/store/migrations.ts). A migration is SQL; its index + 1
 * is the schema version it brings the database to. Each one runs in its own IMMEDIATE transaction
 * together with its record in `schema_migrations` and the new `user_version`, so a failing migration
 * leaves the database exactly at the version before it. A database whose version is higher than the
 * list knows was written by a newer program: it is refused, never downgraded.
 */
import type Database from 'better-sqlite3';

/** The schema version recorded in the database (SQLite's `user_version`; 0 for a new database). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  /** Index + 1 is the schema version. Never edit one that has shipped: add a new one. */
  migrations: readonly string[];
  /**
   * The error to throw for a database newer than `migrations` (each database names its own program and
   * says what to do, e.g. "install that version again").
   */
  tooNew: (found: number, supported: number) => Error;
  /** The time recorded with each applied migration. */
  now?: () => Date;
}

/** Applies the migrations `db` has not had yet; returns the schema version it is at afterwards. */
export function applyMigrations(db: Database.Database, options: MigrateOptions): number {
  const { migrations, tooNew, now = () => new Date() } = options;
  const current = schemaVersion(db);
  if (current > migrations.length) throw tooNew(current, migrations.length);
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
  );
  for (let v = current + 1; v <= migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, now().toISOString());
      db.pragma(`user_version = ${v}`);
    }).immediate();
  }
  return migrations.length;
}
