/** Opening the durable SQLite databases (the kiosk's jobs, central's store). */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../lib/sqlite.js';

let dir: string;
let db: Database.Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});
const fileInNewFolder = () => join((dir = mkdtempSync(join(tmpdir(), 'estation-sqlite-'))), 'a', 'b', 'x.sqlite');

describe('openSqlite', () => {
  it('creates the folder, and opens with WAL, synchronous=FULL, a busy timeout and foreign keys, migrated', () => {
    db = openSqlite(fileInNewFolder(), { migrate: (d) => d.exec('CREATE TABLE t (x INTEGER)') });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toEqual({ name: 't' });
  });

  it('takes another busy timeout when asked', () => {
    db = openSqlite(fileInNewFolder(), { migrate: () => {}, busyTimeoutMs: 1200 });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1200);
  });

  it('closes the database again when its migration fails, and throws what the migration threw', () => {
    let seen: Database.Database | undefined;
    const failing = (d: Database.Database) => {
      seen = d;
      throw new Error('schema too new');
    };
    expect(() => openSqlite(fileInNewFolder(), { migrate: failing })).toThrow('schema too new');
    expect(seen?.open).toBe(false);
  });
});
