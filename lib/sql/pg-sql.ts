/**
 * The Sql interface (types.ts) over a PostgreSQL pool (node-postgres). Statements keep SQLite's `?`
 * placeholders (placeholders.ts numbers them); 64-bit integers and sums come back as numbers, as on
 * SQLite (a value beyond 2^53 is an error, never a silently wrong number). Transactions are SERIALIZABLE
 * unless they take their own row locks (READ COMMITTED then): one that conflicts with another's fails
 * with a serialization failure or a deadlock and is run again from the start, a few times, with a
 * growing random pause.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { numberedPlaceholders } from './placeholders.js';
import { socketOf, withConnection } from './pg-connection.js';
import { TurnBatches } from './pg-turn-batches.js';
import {
  StatementOutsideTransaction,
  type Sql,
  type SqlDatabase,
  type SqlRunResult,
  type SqlValue,
  type TransactionOptions,
} from './types.js';

const INT8 = 20;
const NUMERIC = 1700;

/** A 64-bit integer (ids, times in ms, counts) as a number, or an error if it would not be exact. */
function int8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new Error(`PostgreSQL returned ${text}, beyond the integers JavaScript holds exactly`);
  return n;
}

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8) return int8;
    // SUM() of integers is NUMERIC on PostgreSQL (an integer on SQLite); AVG() too (a real).
    if (oid === NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** SQLSTATEs after which the whole transaction is run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface PgSqlOptions {
  /** At most this many connections at once. Default 10. */
  maxConnections?: number;
  /** How many times a conflicting transaction is run again before its error is thrown. Default 30. */
  retries?: number;
  /**
   * At most this many of this process's SERIALIZABLE transactions at once; the others wait their turn.
   * Transactions of one instance that ran together would mostly conflict with each other (they touch
   * the same counters and index pages) and be run again; waiting is cheaper. Transactions that take
   * their own row locks (TransactionOptions) are not counted: they wait only for the rows they lock.
   * Default 2.
   */
  concurrentTransactions?: number;
}

/** What the statements of a runner go through: a connection, a transaction's, or a turn's batch. */
interface Queryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

/** At most this many statement texts are prepared by name; any further text runs unnamed. */
export const MAX_PREPARED = 200;

/**
 * Names for statement texts: a named statement is parsed and planned once per connection, then only
 * bound and run (parsing and planning were much of PostgreSQL's work for the short statements a
 * session is made of; docs/performance.md). One name per text for the whole pool, as node-postgres
 * requires; bounded, in case a caller builds texts.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED) return known;
    const name = `estation_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }
}

function runner(db: Queryable, transaction: Sql['transaction'], names: StatementNames): Sql {
  const query = async (sql: string, params: readonly SqlValue[] = []) => {
    const text = numberedPlaceholders(sql);
    // Several statements in one text (a migration's) go as a simple query, which allows them.
    const name = text.includes(';') ? undefined : names.nameOf(text);
    return db.query({ text, values: params as unknown[], ...(name ? { name } : {}) });
  };
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult> => ({
      changes: (await query(sql, params)).rowCount ?? 0,
    }),
    transaction,
  };
}

/**
 * `client`, with every statement sent in one turn of the event loop leaving in one write to the server:
 * the socket is corked at the first and uncorked when the turn ends. The connection is pipelined, so a
 * statement does not wait for the previous one's answer; a transaction's BEGIN leaves with its first
 * statement, and statements a transaction sends together (Promise.all) with each other. Each write was
 * a large part of central's busy time (docs/performance.md, "Central's store"). Without the socket (a
 * future node-postgres), statements are still pipelined, each in a write of its own.
 */
function oneWritePerTurn(client: pg.PoolClient): Queryable {
  const stream = socketOf(client);
  let corked = false;
  return {
    query: (config) => {
      if (!corked && stream?.cork && stream.uncork) {
        corked = true;
        stream.cork();
        process.nextTick(() => {
          corked = false;
          stream.uncork!();
        });
      }
      return client.query(config);
    },
  };
}

/**
 * `connection` inside a transaction whose BEGIN was sent without waiting for its answer (`begun`): no
 * statement's answer is returned before BEGIN's is known good. A BEGIN fails only with its connection,
 * and then every statement behind it fails too.
 */
function afterBegin(connection: Queryable, begun: Promise<unknown>): Queryable {
  return {
    query: async (config) => (await Promise.all([begun, connection.query(config)]))[1],
  };
}

export class PgSql implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  private readonly retries: number;
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private readonly outside: Sql;
  private readonly slots: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly names = new StatementNames();

  constructor(connectionString: string, options: PgSqlOptions = {}) {
    // Pipelined: a connection sends a statement without waiting for the previous one's answer, so that
    // statements of one transaction may leave together (oneWritePerTurn).
    this.pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, types, pipeline: true });
    // An idle connection the server dropped is an error on the pool: a later query opens a new one.
    this.pool.on('error', () => undefined);
    this.retries = options.retries ?? 30;
    this.slots = options.concurrentTransactions ?? 2;
    // Statements outside a transaction: those of one turn leave together (pg-turn-batches.ts).
    this.outside = runner(new TurnBatches(this.pool), (fn) => this.transaction(fn), this.names);
  }

  private guard(sql: string): void {
    if (this.inTransaction.getStore()) throw new StatementOutsideTransaction(sql);
  }

  async all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.guard(sql);
    return this.outside.all<T>(sql, params);
  }

  async get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    this.guard(sql);
    return this.outside.get<T>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult> {
    this.guard(sql);
    return this.outside.run(sql, params);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.guard('BEGIN');
    if (options.isolation === 'row_locks') return this.attempts(fn, 'BEGIN ISOLATION LEVEL READ COMMITTED');
    if (this.running >= this.slots) await new Promise<void>((res) => this.waiting.push(res));
    this.running += 1;
    try {
      return await this.attempts(fn, 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private async attempts<T>(fn: (tx: Sql) => Promise<T>, begin: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const done = await withConnection(this.pool, async (client, broken) => {
        try {
          const connection = oneWritePerTurn(client);
          const begun = connection.query({ text: begin });
          begun.catch(() => undefined); // its failure is thrown by the statements behind it, or below
          const tx: Sql = runner(afterBegin(connection, begun), (inner) => inner(tx), this.names);
          const result = await this.inTransaction.run(true, () => fn(tx));
          await begun;
          await connection.query({ text: 'COMMIT' });
          return { result };
        } catch (err) {
          await client.query('ROLLBACK').catch(broken);
          const code = (err as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= this.retries) throw err;
          return null; // run again
        }
      });
      if (done) return done.result;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
