/**
 * The Sql interface (types.ts) over one better-sqlite3 connection. better-sqlite3 answers at once, but a
 * transaction of async code awaits between its statements: so every statement and transaction of this
 * process takes turns (a queue), and a transaction's statements go through its `tx` while the others wait.
 * Other processes on the same file wait through SQLite's own locks (BEGIN IMMEDIATE, busy_timeout).
 *
 * Group commit: with synchronous=FULL every COMMIT waits for the disk (an fsync), and that wait, not the
 * SQL, bounded central at a few hundred transactions a second (docs/performance.md). So transactions that
 * queue up behind each other share one database transaction: each runs in its own SAVEPOINT (an error
 * undoes only its own writes), and one COMMIT ends them all when the queue is empty or GROUP_MAX have run
 * (see endGroupIfDue for when that is).
 * No caller hears of a result before the COMMIT that made it durable; if that COMMIT fails, every one of
 * them hears the error, as if each had failed alone. A lone transaction commits as soon as the I/O
 * callbacks already due have run (see endGroupIfDue).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { StatementOutsideTransaction, type Sql, type SqlDatabase, type SqlRunResult, type SqlValue } from './types.js';

/** At most this many queued operations share one COMMIT (it bounds how long another process waits for the lock). */
const GROUP_MAX = 64;

interface Member {
  settle: () => void;
  fail: (err: unknown) => void;
}

export class SqliteSql implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private turn: Promise<unknown> = Promise.resolve();
  /** Operations queued and not yet started: while there are some, an open group waits for them. */
  private waiting = 0;
  /** The database transaction shared by the operations run since the last COMMIT, and who waits for it. */
  private group: Member[] | null = null;
  private commitScheduled = false;
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

  /**
   * Runs `fn` when every earlier statement and transaction of this connection is done. Inside an open
   * group, its answer waits for the group's COMMIT (a read too: it may have read the group's writes).
   */
  private inTurn<T>(sql: string, fn: () => T | Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return Promise.reject(new StatementOutsideTransaction(sql));
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      const task = async () => {
        this.waiting--;
        let value: T;
        try {
          value = await fn();
        } catch (err) {
          reject(err);
          // A statement's error that made SQLite roll the whole transaction back (a full disk, an I/O
          // error) ends the group: its members' writes are gone, and the next transaction must BEGIN anew.
          if (this.group && !this.db.inTransaction) this.failGroup(err);
          this.endGroupIfDue();
          return;
        }
        if (this.group) this.group.push({ settle: () => resolve(value), fail: reject });
        else resolve(value);
        this.endGroupIfDue();
      };
      // A failed ROLLBACK must not stop the queue: the next operation still gets its turn.
      this.turn = this.turn.then(task).catch(() => undefined);
    });
  }

  /**
   * Ends the open group when it is full, or, when nothing else waits for its turn, soon: a transaction
   * runs start to end in one turn of the event loop (better-sqlite3 answers at once), so requests that
   * arrive meanwhile have not queued anything yet. The COMMIT waits for the I/O callbacks already due
   * (setImmediate), takes its own turn, and so also ends what they queued.
   */
  private endGroupIfDue(): void {
    if (!this.group) return;
    if (this.group.length >= GROUP_MAX) return this.commitGroup();
    if (this.waiting > 0 || this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      this.waiting++;
      const commit = () => {
        this.waiting--;
        this.commitGroup();
      };
      this.turn = this.turn.then(commit).catch(() => undefined);
    });
  }

  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // Nothing more to undo: every member hears the COMMIT's error below either way.
      }
      for (const m of group) m.fail(err);
      return;
    }
    for (const m of group) m.settle();
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
        if (!this.group) {
          this.db.exec('BEGIN IMMEDIATE');
          this.group = [];
        }
        this.db.exec('SAVEPOINT estation_tx');
        try {
          const result = await fn(this.tx);
          this.db.exec('RELEASE estation_tx');
          return result;
        } catch (err) {
          if (this.db.inTransaction) {
            this.db.exec('ROLLBACK TO estation_tx');
            this.db.exec('RELEASE estation_tx');
          } else this.failGroup(err); // SQLite rolled the whole transaction back itself (a full disk, an I/O error).
          throw err;
        }
      }),
    );
  }

  /** The open group's transaction is gone: every member of it hears why. */
  private failGroup(err: unknown): void {
    const group = this.group ?? [];
    this.group = null;
    for (const m of group) m.fail(err);
  }

  /** Waits for every statement under way (and their COMMIT), then closes the connection. */
  async close(): Promise<void> {
    try {
      await this.inTurn('close', () => undefined);
    } finally {
      this.db.close();
    }
  }
}
