/**
 * The Sql interface over better-sqlite3 (lib/sql/sqlite-sql.ts) and PostgreSQL's placeholders
 * (lib/sql/placeholders.ts): a transaction is all or nothing, its statements go through its `tx`, a
 * nested one joins it, and a statement on the outer database while it is open is a bug said at once
 * (on one connection it would otherwise wait for itself).
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe("PostgreSQL's numbered placeholders", () => {
  it('numbers each ? in order and leaves those in strings, quoted names and comments alone', () => {
    expect(numberedPlaceholders('SELECT ? AS a, \'?\' AS "b?", ? -- why?\nFROM t WHERE x = ?')).toBe(
      'SELECT $1 AS a, \'?\' AS "b?", $2 -- why?\nFROM t WHERE x = $3',
    );
  });
});
