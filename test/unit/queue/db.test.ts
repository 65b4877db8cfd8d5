import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DatabaseVersionError,
  MIGRATIONS,
  migrate,
  openDatabase,
  schemaVersion,
  StorageUnavailableError,
} from '../../../main/core/db.js';
import { tempDb } from './temp-db.js';

describe('job database', () => {
  let t: ReturnType<typeof tempDb>;
  afterEach(() => t?.cleanup());

  /** A database file as a kiosk with schema `version` left it. */
  const oldDatabase = (version: number) => {
    t = tempDb();
    t.db.close();
    const file = join(t.dir, `v${version}.sqlite`);
    const old = new Database(file);
    migrate(old, file, MIGRATIONS.slice(0, version));
    return { file, old };
  };

  it('opens with WAL, synchronous=FULL, a busy timeout and foreign keys', () => {
    t = tempDb();
    expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(t.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('records every migration it applied, in order, and applies each once', () => {
    t = tempDb();
    const rows = t.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
    t.db.close();
    const again = openDatabase(t.file);
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      MIGRATIONS.length,
    );
    again.close();
  });

  it('upgrades a version-1 database with its jobs intact', () => {
    const { file, old } = oldDatabase(1);
    old
      .prepare(
        `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, status, created_at, updated_at) VALUES ('j1','k1','t','p','enrollment','zh',1,'printed','x','x')`,
      )
      .run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, status, flag, resumes FROM jobs').get()).toEqual({
      id: 'j1',
      status: 'printed',
      flag: null,
      resumes: 0,
    });
    db.close();
  });

  it('upgrading to version 6 settles failed jobs central refused, and flags for staff those it may have authorized unseen', () => {
    const { file, old } = oldDatabase(5);
    const job = (id: string, status: string, serial: string | null, events: [string, string][]) => {
      old
        .prepare(
          `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, serial, status, created_at, updated_at) VALUES (?, ?, 't', 'p', 'enrollment', 'zh', 1, ?, ?, 'then', 'then')`,
        )
        .run(id, `k-${id}`, serial, status);
      for (const [to, detail] of [['requested', ''], ...events])
        old
          .prepare('INSERT INTO job_events (job_id, at, from_status, to_status, detail) VALUES (?, ?, NULL, ?, ?)')
          .run(id, 'then', to, detail);
    };
    job('refused', 'failed', null, [['failed', 'central refused: quota_used_up']]);
    job('garbled', 'failed', null, [
      ['failed', 'Central answered something unexpected: authorizeJob: issuedAt: expected string'],
    ]);
    job('conflict', 'failed', null, [['failed', 'central refused: job_conflict']]);
    job('authorized', 'failed', 'DU-2026-000001', [
      ['authorized', 'serial DU-2026-000001'],
      ['failed', 'printer not ready'],
    ]);
    old.close();
    const db = openDatabase(file);
    const row = (id: string) =>
      db.prepare('SELECT flag, central_confirmed_at, updated_at FROM jobs WHERE id = ?').get(id) as {
        flag: string | null;
        central_confirmed_at: string | null;
        updated_at: string;
      };
    expect(row('refused')).toEqual({ flag: null, central_confirmed_at: 'then', updated_at: 'then' });
    for (const id of ['garbled', 'conflict']) {
      expect(row(id)).toMatchObject({
        flag: expect.stringMatching(/central may hold an authorization for this job/),
        central_confirmed_at: null,
      });
      const last = db
        .prepare('SELECT from_status, to_status, detail FROM job_events WHERE job_id = ? ORDER BY id DESC LIMIT 1')
        .get(id);
      expect(last).toEqual({
        from_status: 'failed',
        to_status: 'failed',
        detail: expect.stringMatching(/^flagged for staff: /),
      });
    }
    expect(row('authorized')).toEqual({ flag: null, central_confirmed_at: null, updated_at: 'then' });
    db.close();
  });

  it('upgrading to version 7 takes empty and duplicated serials off the jobs that should not have them, flags them, and makes serials unique', () => {
    const { file, old } = oldDatabase(6);
    const job = (id: string, status: string, serial: string | null) =>
      old
        .prepare(
          `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, serial, status, created_at, updated_at) VALUES (?, ?, 't', 'p', 'enrollment', 'zh', 1, ?, ?, 'then', 'then')`,
        )
        .run(id, `k-${id}`, serial, status);
    job('a-first', 'confirmed', 'DU-2026-000007');
    job('b-second', 'printed', 'DU-2026-000007');
    job('c-empty', 'printed', '');
    job('d-empty', 'authorized', '');
    job('e-fine', 'confirmed', 'DU-2026-000008');
    job('f-none', 'requested', null);
    job('g-on-paper', 'submitted', '');
    old
      .prepare("UPDATE jobs SET flag = 'central rejected the printed report: serial_mismatch' WHERE id = 'b-second'")
      .run();
    old.close();
    const db = openDatabase(file);
    const row = (id: string) =>
      db.prepare('SELECT serial, flag FROM jobs WHERE id = ?').get(id) as {
        serial: string | null;
        flag: string | null;
      };
    const status = (id: string) =>
      (db.prepare('SELECT status FROM jobs WHERE id = ?').get(id) as { status: string }).status;
    // Paper may exist and no report can name it any more: staff decide. Before paper, the runner refuses to print it.
    expect(['b-second', 'c-empty', 'g-on-paper', 'd-empty', 'a-first'].map(status)).toEqual([
      'needs_attention',
      'needs_attention',
      'needs_attention',
      'authorized',
      'confirmed',
    ]);
    expect(row('a-first')).toEqual({
      serial: 'DU-2026-000007',
      flag: expect.stringMatching(/^central gave serial DU-2026-000007 to this job and to another one/),
    });
    expect(row('b-second')).toEqual({
      serial: null,
      flag: expect.stringMatching(
        /^central rejected the printed report: serial_mismatch; central gave serial DU-2026-000007/,
      ),
    });
    for (const id of ['c-empty', 'd-empty'])
      expect(row(id)).toEqual({ serial: null, flag: expect.stringMatching(/empty serial/) });
    expect(row('e-fine')).toEqual({ serial: 'DU-2026-000008', flag: null });
    expect(row('f-none')).toEqual({ serial: null, flag: null });
    const flagged = db
      .prepare("SELECT job_id FROM job_events WHERE detail LIKE 'flagged for staff: %' ORDER BY job_id")
      .all();
    expect(flagged).toEqual(['a-first', 'b-second', 'c-empty', 'd-empty', 'g-on-paper'].map((job_id) => ({ job_id })));
    expect(() => db.prepare("UPDATE jobs SET serial = 'DU-2026-000008' WHERE id = 'a-first'").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', () => {
    t = tempDb();
    t.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    t.db.close();
    expect(() => openDatabase(t.file)).toThrow(DatabaseVersionError);
    expect(() => openDatabase(t.file)).toThrow(/newer E-station/);
    const raw = new Database(t.file);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    raw.close();
  });

  it('rolls a failing migration back completely', () => {
    t = tempDb();
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (x INTEGER); SELECT no_such_function();'];
    expect(() => migrate(t.db, t.file, broken)).toThrow();
    expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
    expect(t.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
  });

  it('reports a database that cannot be opened as StorageUnavailableError', () => {
    t = tempDb();
    const notADir = join(t.dir, 'file');
    writeFileSync(notADir, 'x');
    expect(() => openDatabase(join(notADir, 'kiosk.sqlite'))).toThrow(StorageUnavailableError);
    const garbage = join(t.dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a database, but it is long enough to look like a file header '.repeat(20));
    expect(() => openDatabase(garbage)).toThrow(/cannot be written \(SQLITE_NOTADB/);
  });
});
