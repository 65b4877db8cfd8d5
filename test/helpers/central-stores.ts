/**
 * Central's two stores for a suite that runs against both (issue #16): SQLite in a temporary folder, and
 * PostgreSQL in a private server (test/helpers/postgres.ts) started once per test file, with a fresh
 * database for every store opened. `useStoreBackends()` registers the hooks and hands out an opener.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PgCentralStore } from '../../central/store/pg/pg-store.js';
import type { SqlCentralStore, SqlCentralStoreOptions } from '../../central/store/sql-store.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { startPostgres, type Postgres } from './postgres.js';

export const STORE_BACKENDS = ['sqlite', 'postgres'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

export interface StoreOpener {
  /** A new, empty store of `backend` (closed after the file's tests). */
  open(backend: StoreBackend, options?: SqlCentralStoreOptions): Promise<SqlCentralStore>;
  /** A second store on the same database as `of` (another central instance). */
  another(of: SqlCentralStore, options?: SqlCentralStoreOptions): Promise<SqlCentralStore>;
}

export function useStoreBackends(): StoreOpener {
  let pg: Postgres | undefined;
  let dir = '';
  let n = 0;
  const opened: SqlCentralStore[] = [];
  const where = new Map<SqlCentralStore, { backend: StoreBackend; target: string }>();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'estation-stores-'));
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => undefined);
    await pg?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const openAt = async (backend: StoreBackend, target: string, options: SqlCentralStoreOptions = {}) => {
    const store =
      backend === 'sqlite'
        ? await SqliteCentralStore.open(target, options)
        : await PgCentralStore.open(target, options);
    opened.push(store);
    where.set(store, { backend, target });
    return store;
  };
  return {
    async open(backend, options) {
      n += 1;
      const target = backend === 'sqlite' ? join(dir, `central-${n}.sqlite`) : await pg!.createDatabase(`central_${n}`);
      return openAt(backend, target, options);
    },
    async another(of, options) {
      const w = where.get(of);
      if (!w) throw new Error('another(): the store was not opened by this opener');
      return openAt(w.backend, w.target, options);
    },
  };
}
