/**
 * lib/sql's PostgreSQL runner on a private server: statements are prepared by name once per connection
 * (PostgreSQL then only binds and runs them), a text of several statements still runs, and what one
 * connection keeps prepared stays bounded whatever texts callers build. Transactions are pipelined: BEGIN
 * leaves with the first statement and statements sent together leave in one write, with each answer
 * where it belongs, a failure among them rolling everything back with its own error, and a conflict
 * still run again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED, PgSql } from '../../../lib/sql/pg-sql.js';
import { ROW_LOCKS } from '../../../lib/sql/types.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';
import { freePort } from '../../helpers/private-daemon.js';

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

/** Counts the writes to the server's socket of the pool's one connection (each a system call). */
async function countWrites(): Promise<{ count: () => number }> {
  const client = await sql.pool.connect();
  const stream = (client as unknown as { connection: { stream: Record<string, unknown> } }).connection.stream;
  client.release();
  let writes = 0;
  for (const method of ['_write', '_writev']) {
    const original = stream[method] as ((...args: unknown[]) => unknown) | undefined;
    if (!original) continue;
    stream[method] = function (this: unknown, ...args: unknown[]) {
      writes += 1;
      return original.apply(this, args);
    };
  }
  return { count: () => writes };
}

describe('PgSql transactions, pipelined', () => {
  it("sends BEGIN with the transaction's first statements in one write, and each answer to its statement", async () => {
    const writes = await countWrites();
    const before = writes.count();
    const answers = await sql.transaction(
      (tx) => Promise.all([tx.get('SELECT 1 AS a'), tx.get('SELECT ? AS b', ['two']), tx.get('SELECT 3 AS c')]),
      ROW_LOCKS,
    );
    expect(answers).toEqual([{ a: 1 }, { b: 'two' }, { c: 3 }]);
    // BEGIN and the three statements in one write, COMMIT in another (one at a time, it would be five).
    expect(writes.count() - before).toBe(2);
  });

  it('a failure among statements sent together rolls the whole transaction back, with its own error', async () => {
    await sql.run('CREATE TABLE v (x INTEGER PRIMARY KEY)');
    const failed = sql.transaction(
      (tx) =>
        Promise.all([
          tx.run('INSERT INTO v (x) VALUES (1)'),
          tx.run('INSERT INTO v (x) VALUES (1)'),
          tx.run('INSERT INTO v (x) VALUES (2)'),
        ]),
      ROW_LOCKS,
    );
    // The duplicate key, not "current transaction is aborted" of the insert behind it.
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await sql.all('SELECT x FROM v')).toEqual([]);
    // The connection is clean: the next transaction on it commits.
    await sql.transaction((tx) => tx.run('INSERT INTO v (x) VALUES (3)'));
    expect(await sql.all('SELECT x FROM v')).toEqual([{ x: 3 }]);
  });

  it('commits a transaction that sends no statement', async () => {
    await expect(sql.transaction(async () => 'nothing to do')).resolves.toBe('nothing to do');
    expect(await sql.get('SELECT 1 AS up')).toEqual({ up: 1 });
  });

  it('a connection lost under a transaction fails it with the error, and the next transaction runs on a new one', async () => {
    const killer = new PgSql(server.url('pg_sql'), { maxConnections: 1 });
    try {
      const failed = sql.transaction(async (tx) => {
        const { pid } = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
        await killer.get('SELECT pg_terminate_backend(?) AS done', [pid]);
        await tx.get('SELECT 1 AS after');
      });
      // The server's own words when the statement went out before its FATAL arrived, node-postgres's after.
      await expect(failed).rejects.toThrow(/terminat|connection error/i);
      await expect(sql.transaction((tx) => tx.get('SELECT 1 AS again'))).resolves.toEqual({ again: 1 });
    } finally {
      await killer.close();
    }
  });

  it('runs conflicting serializable transactions again until each has counted once', async () => {
    const many = new PgSql(server.url('pg_sql'), { maxConnections: 6, concurrentTransactions: 6 });
    try {
      await many.run('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
      await many.run('INSERT INTO counter (id, n) VALUES (1, 0)');
      await Promise.all(
        Array.from({ length: 12 }, () =>
          many.transaction(async (tx) => {
            const { n } = (await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1'))!;
            await tx.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
          }),
        ),
      );
      expect(await many.get('SELECT n FROM counter WHERE id = 1')).toEqual({ n: 12 });
    } finally {
      await many.close();
    }
  });
});

describe('PgSql statements outside a transaction, sent in one turn', () => {
  it('leave in one write, each with its own answer', async () => {
    const writes = await countWrites();
    const before = writes.count();
    const answers = await Promise.all([
      sql.get('SELECT 1 AS a'),
      sql.get('SELECT ? AS b', ['two']),
      sql.get('SELECT 3 AS c'),
    ]);
    expect(answers).toEqual([{ a: 1 }, { b: 'two' }, { c: 3 }]);
    // One at a time, three.
    expect(writes.count() - before).toBe(1);
  });

  it('fail alone: a failing statement takes neither the others nor the connection with it', async () => {
    await sql.run('CREATE TABLE w (x INTEGER PRIMARY KEY)');
    const { pid } = (await sql.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
    const [first, duplicate, third] = await Promise.allSettled([
      sql.run('INSERT INTO w (x) VALUES (1)'),
      sql.run('INSERT INTO w (x) VALUES (1)'),
      sql.run('INSERT INTO w (x) VALUES (2)'),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: { changes: 1 } });
    expect(duplicate).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
    expect(third).toEqual({ status: 'fulfilled', value: { changes: 1 } });
    expect(await sql.all('SELECT x FROM w ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await sql.get('SELECT pg_backend_pid() AS pid')).toEqual({ pid });
  });

  it('with no server to reach, every statement of the batch fails with why', async () => {
    const nowhere = new PgSql(`postgres://estation@127.0.0.1:${await freePort()}/none`, { maxConnections: 1 });
    try {
      const settled = await Promise.allSettled([nowhere.get('SELECT 1 AS a'), nowhere.get('SELECT 2 AS b')]);
      expect(settled).toMatchObject([
        { status: 'rejected', reason: { code: 'ECONNREFUSED' } },
        { status: 'rejected', reason: { code: 'ECONNREFUSED' } },
      ]);
    } finally {
      await nowhere.close();
    }
  });

  it('a connection lost under a batch fails its statements, and the next statements run on a new one', async () => {
    const { pid } = (await sql.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
    const killer = new PgSql(server.url('pg_sql'), { maxConnections: 1 });
    try {
      const batch = Promise.allSettled([sql.get('SELECT pg_sleep(5) AS slept'), sql.get('SELECT 2 AS after')]);
      // Until the server reports the batch's first statement running.
      for (let i = 0; i < 200; i++) {
        const running = await killer.get(
          "SELECT 1 AS yes FROM pg_stat_activity WHERE pid = ? AND query LIKE '%pg_sleep%'",
          [pid],
        );
        if (running) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await killer.get('SELECT pg_terminate_backend(?) AS done', [pid]);
      const settled = await batch;
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      const next = (await sql.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
      expect(next.pid).not.toBe(pid);
    } finally {
      await killer.close();
    }
  });
});
