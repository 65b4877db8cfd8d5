/**
 * The default central store: one SQLite file (better-sqlite3) under the server's --data folder, for the
 * demo and a small site. Everything it does is SqlCentralStore's (sql-store.ts), shared with the
 * PostgreSQL store; this opens and migrates the file. `db` is the raw connection, for what only SQLite
 * has (the online backup) and for tests that look at rows directly.
 */
import type Database from 'better-sqlite3';
import { SqliteSql } from '../../lib/sql/sqlite-sql.js';
import { openSqlite } from '../../lib/sqlite.js';
import { migrateCentral } from './migrations.js';
import { SqlCentralStore, type SqlCentralStoreOptions } from './sql-store.js';

export { newVerificationCode, STAFF_PIN_MAX_FAILURES, STAFF_PIN_WINDOW_MS } from './sql-store.js';

export class SqliteCentralStore extends SqlCentralStore {
  readonly db: Database.Database;
  /**
   * Settled when the store is prepared (sql-store.ts prepare()). Every statement of the store waits its
   * turn behind the preparation anyway (lib/sql/sqlite-sql.ts), so only code reading `db` directly
   * needs to wait for it: `await SqliteCentralStore.open(file)` does.
   */
  readonly ready: Promise<void>;

  constructor(file: string, options: SqlCentralStoreOptions = {}) {
    const db = openSqlite(file, { migrate: (d) => migrateCentral(d, file) });
    super(new SqliteSql(db), options);
    this.db = db;
    this.ready = this.prepare();
    // A failed preparation fails the statements after it too; this keeps it from being unhandled meanwhile.
    this.ready.catch(() => undefined);
  }

  /** Opens (creating and migrating) the store at `file`, prepared. */
  static async open(file: string, options: SqlCentralStoreOptions = {}): Promise<SqliteCentralStore> {
    const store = new SqliteCentralStore(file, options);
    await store.ready;
    return store;
  }
}
