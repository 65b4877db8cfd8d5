/**
 * The Sql interface over better-sqlite3 (lib/sql/sqlite-sql.ts) and PostgreSQL's placeholders
 * (lib/sql/placeholders.ts): a transaction is all or nothing, its statements go through its `tx`, a
 * nested one joins it, and a statement on the outer database while it is open is a bug said at once
 * (on one connection it would otherwise wait for itself).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { numberedPlaceholders } from '../../../lib/sql/placeholders.js';
import { SqliteSql } from '../../../lib/sql/sqlite-sql.js';
import { StatementOutsideTransaction } from '../../../lib/sql/types.js';

let sql: SqliteSql;
beforeEach(async () => {
  sql = new SqliteSql(new Database(':memory:'));
  await sql.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(async () => {
  await sql.close();
});

const values = async () => (await sql.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v);

describe('SqliteSql', () => {
  it('commits a transaction whole, nested ones joining it, and rolls it back whole on an error', async () => {
    await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES (?)', ['a']);
      await tx.transaction(async (inner) => inner.run('INSERT INTO t (v) VALUES (?)', ['b']));
    });
    await expect(
      sql.transaction(async (tx) => {
        await tx.run('INSERT INTO t (v) VALUES (?)', ['c']);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await values()).toEqual(['a', 'b']);
  });

  it('refuses a statement on the outer database while its transaction is open, naming the mistake', async () => {
    const err = await sql
      .transaction(async () => sql.run('INSERT INTO t (v) VALUES (?)', ['x']))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementOutsideTransaction);
    expect((err as Error).message).toContain("pass the transaction's `tx` down");
    expect(await values()).toEqual([]);
  });

  it('keeps other statements of the process out of an open transaction until it ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = sql.transaction(async (t) => {
      await t.run('INSERT INTO t (v) VALUES (?)', ['in-tx']);
      await gate;
      throw new Error('rolled back');
    });
    // Issued while the transaction waits: it must not land inside it (and be rolled back with it).
    const outside = sql.run('INSERT INTO t (v) VALUES (?)', ['outside']);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect(await values()).toEqual(['outside']);
  });
});

describe('SqliteSql group commit', () => {
  let dir = '';
  let file = '';
  let grouped: SqliteSql;
  let db: Database.Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-group-'));
    file = join(dir, 'g.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    grouped = new SqliteSql(db);
    await grouped.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    await grouped.run('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
    await grouped.run(
      'CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)',
    );
  });
  afterEach(async () => {
    await grouped.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (v: string) => grouped.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', [v]));

  it('commits transactions queued together with one COMMIT, and answers each only once it is on disk', async () => {
    const exec = vi.spyOn(db, 'exec');
    // Another connection sees only what is committed: each answer must find its row there.
    const reader = new Database(file, { readonly: true });
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        insert(`v${i}`).then(() => seen.push(!!reader.prepare('SELECT 1 FROM t WHERE v = ?').get(`v${i}`))),
      ),
    );
    reader.close();
    expect(seen).toEqual(Array(10).fill(true));
    expect(exec.mock.calls.filter(([s]) => s === 'COMMIT')).toHaveLength(1);
    exec.mockRestore();
  });

  it('undoes only the failed transaction of a group; the others commit', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      grouped.transaction(async (tx) => {
        await tx.run('INSERT INTO t (v) VALUES (?)', ['b']);
        throw new Error('refused');
      }),
      insert('c'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await grouped.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v)).toEqual(['a', 'c']);
  });

  it('tells every member of a group that its COMMIT failed, and keeps none of their writes', async () => {
    // A deferred foreign key is checked at COMMIT: the orphan makes the whole group's COMMIT fail.
    const results = await Promise.allSettled([
      insert('before'),
      grouped.transaction((tx) => tx.run('INSERT INTO child (parent) VALUES (?)', [42])),
      insert('after'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await grouped.all('SELECT v FROM t')).toEqual([]);
    // The connection goes on working after it.
    await insert('later');
    expect(await grouped.all('SELECT v FROM t')).toEqual([{ v: 'later' }]);
  });

  it('a statement that rolls the whole transaction back fails the group with it; the next one begins anew', async () => {
    await grouped.run('CREATE TABLE u (k TEXT PRIMARY KEY)');
    await grouped.run("INSERT INTO u (k) VALUES ('taken')");
    // OR ROLLBACK: the constraint error undoes the whole database transaction, as a full disk would.
    const results = await Promise.allSettled([
      insert('lost'),
      grouped.run("INSERT OR ROLLBACK INTO u (k) VALUES ('taken')"),
      insert('kept'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT v FROM t').all()).toEqual([{ v: 'kept' }]);
    reader.close();
  });

  it('commits at most 64 queued operations at once, so another process never waits long for the lock', async () => {
    const exec = vi.spyOn(db, 'exec');
    await Promise.all(Array.from({ length: 130 }, (_, i) => insert(`v${i}`)));
    expect(exec.mock.calls.filter(([s]) => s === 'COMMIT')).toHaveLength(3);
    exec.mockRestore();
    expect(await grouped.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 130 });
  });
});

describe("PostgreSQL's numbered placeholders", () => {
  it('numbers each ? in order and leaves those in strings, quoted names and comments alone', () => {
    expect(numberedPlaceholders('SELECT ? AS a, \'?\' AS "b?", ? -- why?\nFROM t WHERE x = ?')).toBe(
      'SELECT $1 AS a, \'?\' AS "b?", $2 -- why?\nFROM t WHERE x = $3',
    );
  });
});
