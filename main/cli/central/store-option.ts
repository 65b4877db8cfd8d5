/**
 * Which central database a command works on: the SQLite file in `--data DIR` (default .data/central), or
 * the PostgreSQL database `--database postgres://user:password@host:port/db` (or ESTATION_DATABASE_URL,
 * which keeps the password off the command line, where `ps` shows it). Issue #16.
 */
import { resolve } from 'node:path';
import { PgCentralStore, redactedUrl } from '../../../central/store/pg/pg-store.js';
import type { SqlCentralStore } from '../../../central/store/sql-store.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { UsageError } from '../args.js';

/** The options every command that opens central's store takes (for parse()). */
export const STORE_OPTIONS = { data: { type: 'string' }, database: { type: 'string' } } as const;

export interface StoreOptionValues {
  data?: string | undefined;
  database?: string | undefined;
}

/** The PostgreSQL URL asked for, checked, or undefined for the SQLite store. */
export function databaseUrl(values: StoreOptionValues, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = values.database ?? (env.ESTATION_DATABASE_URL || undefined);
  if (url === undefined) return undefined;
  const from = values.database !== undefined ? '--database' : 'ESTATION_DATABASE_URL';
  if (!URL.canParse(url) || !/^postgres(ql)?:$/.test(new URL(url).protocol))
    throw new UsageError(
      `${from} ${redactedUrl(url)}: give a PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE (or leave it out for the SQLite file in --data)`,
    );
  if (values.data !== undefined)
    throw new UsageError(
      `${from} and --data both name central's database: give one (--data still holds publisher keys for the server)`,
    );
  return url;
}

/** Opens central's store as the options say (migrated and prepared). */
export async function openCentralStore(values: StoreOptionValues): Promise<SqlCentralStore> {
  const url = databaseUrl(values);
  return url
    ? PgCentralStore.open(url)
    : SqliteCentralStore.open(resolve(values.data ?? '.data/central', 'central.sqlite'));
}
