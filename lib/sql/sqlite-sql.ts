/**
 * The Sql interface (types.ts) over one better-sqlite3 connection. better-sqlite3 answers at once, but a
 * transaction of async code awaits between its statements: so every statement and transaction of this
 * process takes turns (a queue), and a transaction's statements go through its `tx` while the others wait.
 * Other processes on the same file wait through SQLite's own locks (BEGIN IMMEDIATE, busy_timeout).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { StatementOutsideTransaction, type Sql, type SqlDatabase, type SqlRunResult, type SqlValue } from './types.js';

export class SqliteSql implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, Database.Statement>();
  /** Set while this connection's transaction runs: which async context it belongs to. */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private readonly tx: Sql;

  constructor(readonly db: Database.Database) {
    const direct = {
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
        this.statement(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> => ({
        changes: this.statement(sql).run(...params).changes,
      }),
    };
    this.tx = { dialect: 'sqlite', ...direct, transaction: (fn) => fn(this.tx) };
  }

  /** Prepared once per text: statements are few and fixed. */
  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** Runs `fn` when every earlier statement and transaction of this connection is done. */
  private inTurn<T>(sql: string, fn: () => T | Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return Promise.reject(new StatementOutsideTransaction(sql));
    const next = this.turn.then(fn, fn);
    this.turn = next.catch(() => undefined);
    return next;
  }

  all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.inTurn(sql, () => this.tx.all<T>(sql, params));
  }

  get<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.inTurn(sql, () => this.tx.get<T>(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    return this.inTurn(sql, () => this.tx.run(sql, params));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.inTurn('BEGIN IMMEDIATE', () =>
      this.inTransaction.run(true, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(this.tx);
          this.db.exec('COMMIT');
          return result;
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw err;
        }
      }),
    );
  }

  /** Waits for every statement under way, then closes the connection. */
  async close(): Promise<void> {
    await this.inTurn('close', () => this.db.close());
  }
}
