/** The migration runner both SQLite databases use (the kiosk's jobs and central's store). */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, schemaVersion } from '../../../lib/sqlite-migrations.js';

class TooNew extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`version ${found}, supported ${supported}`);
  }
}

const MIGRATIONS = [
  'CREATE TABLE a (x INTEGER) STRICT;',
  'ALTER TABLE a ADD COLUMN y TEXT;',
  "INSERT INTO a (x, y) VALUES (1, 'one');",
];
const tooNew = (found: number, supported: number) => new TooNew(found, supported);

let db: Database.Database;
afterEach(() => db?.close());

const applied = () =>
  db
    .prepare<[], { version: number; at: string }>(
      'SELECT version, applied_at AS at FROM schema_migrations ORDER BY version',
    )
    .all();

describe('applyMigrations', () => {
  it('brings a new database to the last version, recording each migration with its time', () => {
    db = new Database(':memory:');
    const now = () => new Date('2026-03-01T08:00:00Z');
    expect(applyMigrations(db, { migrations: MIGRATIONS, tooNew, now })).toBe(3);
    expect(schemaVersion(db)).toBe(3);
    expect(applied()).toEqual([1, 2, 3].map((version) => ({ version, at: '2026-03-01T08:00:00.000Z' })));
    expect(db.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 1, y: 'one' }]);
  });

  it('applies only what an older database lacks, and nothing when it is current', () => {
    db = new Database(':memory:');
    applyMigrations(db, { migrations: MIGRATIONS.slice(0, 1), tooNew });
    expect(schemaVersion(db)).toBe(1);
    applyMigrations(db, { migrations: MIGRATIONS, tooNew });
    applyMigrations(db, { migrations: MIGRATIONS, tooNew });
    expect(applied().map((r) => r.version)).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 1 });
  });

  it('refuses a newer database with the error the caller names, and leaves it as it was', () => {
    db = new Database(':memory:');
    applyMigrations(db, { migrations: MIGRATIONS, tooNew });
    expect(() => applyMigrations(db, { migrations: MIGRATIONS.slice(0, 2), tooNew })).toThrow(
      expect.objectContaining({ found: 3, supported: 2 }),
    );
    expect(() => applyMigrations(db, { migrations: MIGRATIONS.slice(0, 2), tooNew })).toThrow(TooNew);
    expect(schemaVersion(db)).toBe(3);
  });

  it('rolls a failing migration back whole and keeps the ones before it', () => {
    db = new Database(':memory:');
    const broken = [...MIGRATIONS.slice(0, 2), 'CREATE TABLE half (x INTEGER); SELECT no_such_function();'];
    expect(() => applyMigrations(db, { migrations: broken, tooNew })).toThrow(/no_such_function/);
    expect(schemaVersion(db)).toBe(2);
    expect(applied().map((r) => r.version)).toEqual([1, 2]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });
});
