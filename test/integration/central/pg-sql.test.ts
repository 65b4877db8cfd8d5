/**
 * lib/sql's PostgreSQL runner on a private server: statements are prepared by name once per connection
 * (PostgreSQL then only binds and runs them), a text of several statements still runs, and what one
 * connection keeps prepared stays bounded whatever texts callers build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED, PgSql } from '../../../lib/sql/pg-sql.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';

let server: Postgres;
let sql: PgSql;
beforeAll(async () => {
  server = await startPostgres();
  // One connection: every statement below runs on the connection the checks look at.
  sql = new PgSql(await server.createDatabase('pg_sql'), { maxConnections: 1 });
});
afterAll(async () => {
  await sql?.close();
  await server?.dispose();
});

/** The statements the pool's one connection holds prepared. */
const prepared = () =>
  sql.transaction((tx) =>
    tx.all<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements'),
  );

describe('PgSql statements', () => {
  it('prepares a statement once and runs it again with other values, with the right answers', async () => {
    await sql.run('CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
    for (let i = 1; i <= 5; i++) await sql.run('INSERT INTO t (id, label) VALUES (?, ?)', [i, `row ${i}`]);
    expect(await sql.get('SELECT label FROM t WHERE id = ?', [4])).toEqual({ label: 'row 4' });
    expect(await sql.get('SELECT label FROM t WHERE id = ?', [2])).toEqual({ label: 'row 2' });
    const inserts = (await prepared()).filter((p) => p.statement.startsWith('INSERT INTO t'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.statement).toBe('INSERT INTO t (id, label) VALUES ($1, $2)');
  });

  it('runs a text of several statements (a migration) as one simple query', async () => {
    await sql.run('CREATE TABLE u (x INTEGER); INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)');
    expect(await sql.all('SELECT x FROM u ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('keeps at most MAX_PREPARED statements prepared on a connection; further texts run unnamed and right', async () => {
    for (let i = 0; i < MAX_PREPARED + 20; i++)
      expect(await sql.get(`SELECT ? + ${i} AS n`, [1])).toEqual({ n: i + 1 });
    const names = (await prepared()).map((p) => p.name);
    expect(names.length).toBeLessThanOrEqual(MAX_PREPARED);
    expect(names.length).toBeGreaterThan(MAX_PREPARED - 10);
  });
});
