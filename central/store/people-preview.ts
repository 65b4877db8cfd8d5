/**
 * A dry run's look at central's database (`estation central import --dry-run`): opened read-only, so
 * a dry run never writes, migrates or creates anything; no database (or one from before people were
 * kept) means nobody is stored yet, and every valid record would be created.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteSql } from '../../lib/sql/sqlite-sql.js';
import type { PeoplePreview } from '../people/people-sink.js';
import { previewDeactivation, previewUpserts } from './people.js';

export interface ClosablePeoplePreview extends PeoplePreview {
  close(): void;
}

/** The preview of the database at `file`, or undefined when it holds no people yet. */
export async function openPeoplePreview(file: string): Promise<ClosablePeoplePreview | undefined> {
  if (!existsSync(file)) return undefined;
  const db = new SqliteSql(new Database(file, { readonly: true, fileMustExist: true }));
  const hasPeople = await db.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people'");
  if (!hasPeople) {
    await db.close();
    return undefined;
  }
  return {
    previewPeople: async (records) => previewUpserts(db, records),
    previewDeactivation: async (seen, role) => previewDeactivation(db, seen, role),
    close: () => db.db.close(),
  };
}
