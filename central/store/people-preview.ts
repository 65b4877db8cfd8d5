/**
 * A dry run's look at central's database (`estation central import --dry-run`): opened read-only, so
 * a dry run never writes, migrates or creates anything; no database (or one from before people were
 * kept) means nobody is stored yet, and every valid record would be created.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PgSql } from '../../lib/sql/pg-sql.js';
import { SqliteSql } from '../../lib/sql/sqlite-sql.js';
import type { Sql } from '../../lib/sql/types.js';
import type { PeoplePreview } from '../people/people-sink.js';
import { previewDeactivation, previewUpserts } from './people.js';

export interface ClosablePeoplePreview extends PeoplePreview {
  close(): Promise<void>;
}

const previewOver = (db: Sql): PeoplePreview => ({
  previewPeople: async (records) => previewUpserts(db, records),
  previewDeactivation: async (seen, role) => previewDeactivation(db, seen, role),
});

/** The preview of the database at `file`, or undefined when it holds no people yet. */
export async function openPeoplePreview(file: string): Promise<ClosablePeoplePreview | undefined> {
  if (!existsSync(file)) return undefined;
  const db = new SqliteSql(new Database(file, { readonly: true, fileMustExist: true }));
  const hasPeople = await db.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people'");
  if (!hasPeople) {
    await db.close();
    return undefined;
  }
  return { ...previewOver(db), close: () => db.close() };
}

/**
 * The same on PostgreSQL (`--database`): a connection that only reads (a read-only transaction per
 * statement is not needed: the preview runs SELECTs only), no migration; undefined before people were kept.
 */
export async function openPgPeoplePreview(url: string): Promise<ClosablePeoplePreview | undefined> {
  const db = new PgSql(url, { maxConnections: 1 });
  const found = await db.get<{ t: string | null }>("SELECT to_regclass('people') AS t");
  if (!found?.t) {
    await db.close();
    return undefined;
  }
  return { ...previewOver(db), close: () => db.close() };
}
