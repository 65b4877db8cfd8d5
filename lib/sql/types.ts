/**
 * One way to talk to a SQL database for code that runs on SQLite and on PostgreSQL alike (central's store,
 * issue #16): statements with `?` placeholders, answered asynchronously, and transactions that run a
 * function. The SQL itself is the common dialect of both (docs/central.md, "Writing SQL for both stores").
 */

/** What a placeholder may be bound to (booleans are stored as 0/1 integers on both). */
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlRunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  /** Every row the statement returns. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row the statement returns, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement that changes rows. */
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>;
  /**
   * Runs `fn` in one transaction that sees and writes as if alone (SQLite: BEGIN IMMEDIATE, every other
   * statement of this process waits; PostgreSQL: SERIALIZABLE, or READ COMMITTED when `options` say the
   * transaction takes its own row locks). Every statement of the transaction goes through the `tx` it is
   * given; inside a transaction, `transaction` joins the one open. On PostgreSQL a transaction that
   * conflicts with another instance's is rolled back and run again, so `fn` must do nothing but SQL and
   * computing (no network, no files, no state outside its result).
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export interface TransactionOptions {
  /**
   * `serializable` (the default): the database finds conflicts with other transactions by itself.
   * `row_locks`: the transaction locks, first, the rows its rule depends on (`forUpdate` in dialect.ts:
   * the terminal whose counters it changes, the person whose free copies it takes), so that PostgreSQL may
   * run it at READ COMMITTED; a rule that reads rows it does not lock must not use it. Under
   * SERIALIZABLE, concurrent transactions that only touch neighbouring rows (a new document's index
   * page, another terminal's counter) are often taken for conflicting and run again; row locks wait
   * only for the very same rows. SQLite runs every transaction alone either way.
   */
  isolation?: 'serializable' | 'row_locks';
}

/** The options of a transaction that locks the rows its rule depends on (see TransactionOptions). */
export const ROW_LOCKS: TransactionOptions = { isolation: 'row_locks' };

export interface SqlDatabase extends Sql {
  close(): Promise<void>;
}

/** A statement used the database outside the transaction it runs in: a bug (on SQLite it would wait for itself). */
export class StatementOutsideTransaction extends Error {
  override name = 'StatementOutsideTransaction';
  constructor(sql: string) {
    super(
      `A statement ran on the database while its own transaction was open (${sql.slice(0, 80)}): pass the transaction's \`tx\` down to every statement inside transaction().`,
    );
  }
}

/** Whether `err` is a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
