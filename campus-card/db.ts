/**
 * The campus-card service's database: accounts, holds (one per central job) and the movements that make
 * up the daily statements, in SQLite through lib/sqlite.ts (WAL, synchronous=FULL, files 0600) with
 * versioned migrations (lib/sqlite-migrations.ts). Money is never deleted: a movement is only ever added.
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqlite } from '../lib/sqlite.js';
import { applyMigrations } from '../lib/sqlite-migrations.js';

/** Index + 1 is the schema version. Never edit one that has shipped: append. */
export const CAMPUS_CARD_MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     person TEXT PRIMARY KEY,
     balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0),
     created_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE holds (
     job TEXT PRIMARY KEY,
     person TEXT NOT NULL REFERENCES accounts(person),
     amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
     state TEXT NOT NULL CHECK (state IN ('held', 'captured', 'released', 'refunded')),
     reference TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX holds_open ON holds (person) WHERE state = 'held';
   CREATE TABLE movements (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('top_up', 'hold', 'capture', 'release', 'refund')),
     person TEXT NOT NULL REFERENCES accounts(person),
     job TEXT,
     amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
     balance_after_cents INTEGER NOT NULL,
     top_up_reference TEXT,
     note TEXT
   ) STRICT;
   CREATE INDEX movements_at ON movements (at);
   -- A top-up's reference makes it idempotent; a job has at most one movement of each kind.
   CREATE UNIQUE INDEX movements_top_up ON movements (top_up_reference) WHERE kind = 'top_up';
   CREATE UNIQUE INDEX movements_job_kind ON movements (job, kind) WHERE job IS NOT NULL;`,
];

export class CampusCardDatabaseTooNewError extends Error {
  override name = 'CampusCardDatabaseTooNewError';
}

/** Opens (creating) the service's database in `dataDir` (':memory:' for none). */
export function openCampusCardDb(dataDir: string): Database.Database {
  const file = dataDir === ':memory:' ? dataDir : join(dataDir, 'campus-card.db');
  return openSqlite(file, {
    migrate: (db) =>
      applyMigrations(db, {
        migrations: CAMPUS_CARD_MIGRATIONS,
        tooNew: (found, supported) =>
          new CampusCardDatabaseTooNewError(
            `${file} is at schema version ${found}, but this campus-card service knows only up to ${supported}: ` +
              'it was written by a newer E-station; run that version again',
          ),
      }),
  });
}
