/**
 * Moving a site from SQLite to PostgreSQL (`estation central migrate --from DIR --to postgres://…`, issue
 * #16): every row of every table of central's SQLite database, copied as it is into an empty PostgreSQL
 * database at the same schema version, in one transaction (all or nothing), then each identity moved past
 * the ids copied so that new rows continue the numbering. Documents keep their serials and verification
 * codes, people their cards' history, everything its audit. Nothing is written to the SQLite file beyond
 * bringing its schema up to date first.
 */
import { SqliteSql } from '../../../lib/sql/sqlite-sql.js';
import { PgSql } from '../../../lib/sql/pg-sql.js';
import type { Sql, SqlValue } from '../../../lib/sql/types.js';
import { openSqlite } from '../../../lib/sqlite.js';
import { CENTRAL_MIGRATIONS, migrateCentral } from '../migrations.js';
import { migrateCentralPg } from './migrations.js';
import { redactedUrl } from './pg-store.js';

/** Something about the source or the target stops the move; the message says what to do. Nothing was written. */
export class MigrationRefused extends Error {
  override name = 'MigrationRefused';
}

export interface CopiedTable {
  table: string;
  rows: number;
}

/** Tables a row of another table refers to come first (person_cards refers to people). */
const FIRST = ['people'];
/** Bookkeeping of each database's own migrations, not data. */
const SKIP = new Set(['schema_migrations', 'sqlite_sequence']);
const BATCH = 500;

async function pgColumns(db: Sql, table: string): Promise<{ name: string; identity: boolean }[]> {
  return (
    await db.all<{ column_name: string; is_identity: string }>(
      `SELECT column_name, is_identity FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      [table],
    )
  ).map((c) => ({ name: c.column_name, identity: c.is_identity === 'YES' }));
}

/** Copies central's SQLite database `sqliteFile` into the empty PostgreSQL database at `url`. */
export async function copySqliteToPostgres(sqliteFile: string, url: string): Promise<CopiedTable[]> {
  const raw = openSqlite(sqliteFile, { migrate: (d) => migrateCentral(d, sqliteFile) });
  const source = new SqliteSql(raw);
  const target = new PgSql(url);
  try {
    const client = await target.pool.connect().catch((err: Error) => {
      throw new MigrationRefused(
        `Cannot connect to ${redactedUrl(url)}: ${err.message}. Check the address and that the database exists.`,
      );
    });
    try {
      await migrateCentralPg(client, redactedUrl(url), undefined);
    } finally {
      client.release();
    }
    const version = (await target.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations'))!.v;
    if (version !== CENTRAL_MIGRATIONS.length)
      throw new MigrationRefused(
        `${redactedUrl(url)} is at schema version ${version}, this central at ${CENTRAL_MIGRATIONS.length}: run the same E-station version on both.`,
      );
    const tables = (
      await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    )
      .map((t) => t.name)
      .filter((t) => !SKIP.has(t));
    const ordered = [...FIRST.filter((t) => tables.includes(t)), ...tables.filter((t) => !FIRST.includes(t))];
    return await target.transaction(async (db) => {
      for (const table of ordered) {
        const rows = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
        if (rows!.n > 0)
          throw new MigrationRefused(
            `${redactedUrl(url)} already holds data (table ${table} has ${rows!.n} rows): migrate into a new, empty database (createdb), never over a central's data.`,
          );
      }
      const copied: CopiedTable[] = [];
      for (const table of ordered) {
        const columns = await pgColumns(db, table);
        if (!columns.length)
          throw new MigrationRefused(`PostgreSQL has no table ${table}: the two schemas differ; report this as a bug.`);
        // document_kind_versions.seq is SQLite's implicit rowid made explicit (pg/migrations.ts).
        const select = columns.map((c) =>
          c.name === 'seq' && table === 'document_kind_versions' ? 'rowid AS seq' : c.name,
        );
        const names = columns.map((c) => c.name);
        const all = await source.all<Record<string, SqlValue>>(
          `SELECT ${select.join(', ')} FROM ${table} ORDER BY rowid`,
        );
        for (let i = 0; i < all.length; i += BATCH) {
          const batch = all.slice(i, i + BATCH);
          const row = `(${names.map(() => '?').join(', ')})`;
          await db.run(
            `INSERT INTO ${table} (${names.join(', ')}) VALUES ${batch.map(() => row).join(', ')}`,
            batch.flatMap((r) => names.map((n) => r[n] ?? null)),
          );
        }
        for (const c of columns.filter((c) => c.identity))
          await db.get(
            `SELECT setval(pg_get_serial_sequence('${table}', '${c.name}'), COALESCE(MAX(${c.name}), 0) + 1, false) FROM ${table}`,
          );
        copied.push({ table, rows: all.length });
      }
      return copied;
    });
  } finally {
    await source.close();
    await target.close();
  }
}
