/**
 * Central's store on PostgreSQL (issue #16): the same SqlCentralStore (sql-store.ts) over a connection
 * pool, for a university that runs several central instances on one database. Opening it brings the
 * schema up to date (CENTRAL_PG_MIGRATIONS, one instance at a time under an advisory lock) and prepares
 * it as the SQLite store is prepared.
 */
import { PgSql, type PgSqlOptions } from '../../../lib/sql/pg-sql.js';
import { SqlCentralStore, type SqlCentralStoreOptions } from '../sql-store.js';
import { migrateCentralPg } from './migrations.js';

/** A connection string as it may be shown: without its password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(a connection string that is not a URL)';
  }
}

export class PgCentralStore extends SqlCentralStore {
  declare readonly sql: PgSql;

  /** Connects to `url` (postgres://user:password@host:port/database), migrates and prepares the store. */
  static async open(url: string, options: SqlCentralStoreOptions & PgSqlOptions = {}): Promise<PgCentralStore> {
    const sql = new PgSql(url, options);
    try {
      const client = await sql.pool.connect().catch((err: Error) => {
        throw new Error(
          `Cannot connect to central's PostgreSQL database at ${redactedUrl(url)}: ${err.message}. Check the address, the user and password, and that the database exists (docs/central.md, "PostgreSQL").`,
          { cause: err },
        );
      });
      try {
        await migrateCentralPg(client, redactedUrl(url));
      } finally {
        client.release();
      }
      // Several instances share the serial counters: each reserves a block at a time (serial-blocks.ts).
      // The institution, calendar and kinds are asked for at most every 50 ms (config-cache.ts), a
      // terminal's valid token every second (token-cache.ts): each would be a round trip per request.
      const store = new PgCentralStore(sql, {
        serialBlock: 20,
        configRecheckMs: 50,
        terminalTokenTtlMs: 1000,
        ...options,
      });
      await store.prepare();
      return store;
    } catch (err) {
      await sql.close();
      throw err;
    }
  }
}
