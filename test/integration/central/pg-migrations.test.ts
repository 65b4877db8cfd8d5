/**
 * Central's PostgreSQL schema (central/store/pg/migrations.ts) against a private PostgreSQL 15
 * (test/helpers/postgres.ts): it applies from empty, once, to the same version as the SQLite schema, with
 * the same tables, columns, keys and indexes as a fresh SQLite central (SQLite is the one source of truth
 * for the schema's shape; the deliberate differences are listed below), keeps data through the migrations
 * that move it, and refuses a database from a newer server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_MIGRATIONS, CentralSchemaVersionError } from '../../../central/store/migrations.js';
import { CENTRAL_PG_MIGRATIONS, migrateCentralPg, pgSchemaVersion } from '../../../central/store/pg/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';

/**
 * Columns PostgreSQL has and SQLite's table_info does not list: SQLite's implicit rowid, which orders
 * document_kinds_current.position, is an explicit identity column there.
 */
const ONLY_IN_POSTGRES: Record<string, string[]> = { document_kind_versions: ['seq'] };

/** The PostgreSQL types a SQLite declared type may become (an empty declared type: a computed view column). */
const TYPE_TWINS: Record<string, string[]> = {
  TEXT: ['text'],
  INTEGER: ['integer', 'bigint'],
  REAL: ['double precision'],
  BLOB: ['bytea'],
};

/** Times in ms since the epoch pass 2^31 (in 1970): they must be BIGINT, never INTEGER. */
const MS_TIME = /(_ms|^looked_up_at)$/;

let server: Postgres;
let databases = 0;
const clients: pg.Client[] = [];
const dirs: string[] = [];

async function freshDatabase(): Promise<pg.Client> {
  const url = await server.createDatabase(`central_${++databases}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  await server?.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}
interface Shape {
  tables: Record<string, { kind: 'table' | 'view'; columns: Column[]; primaryKey: string[] }>;
  indexes: Record<string, string>;
}

/** The shape of a fresh SQLite central: the store opened on a new file, as `estation central --data` does. */
async function sqliteShape(): Promise<Shape> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-pg-shape-'));
  dirs.push(dir);
  const store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  try {
    const shape: Shape = { tables: {}, indexes: {} };
    const objects = store.db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
    for (const o of objects) {
      if (o.type === 'index' && o.sql) shape.indexes[o.name] = o.tbl_name;
      if (o.type !== 'table' && o.type !== 'view') continue;
      const info = store.db.pragma(`table_info(${o.name})`) as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      shape.tables[o.name] = {
        kind: o.type,
        columns: info.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 })),
        primaryKey: info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
      };
    }
    return shape;
  } finally {
    await store.close();
  }
}

async function postgresShape(db: pg.Client): Promise<Shape> {
  const shape: Shape = { tables: {}, indexes: {} };
  const tables = await db.query<{ table_name: string; table_type: string }>(
    "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  for (const t of tables.rows) {
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
      [t.table_name],
    );
    const key = await db.query<{ column_name: string }>(
      `SELECT k.column_name FROM information_schema.table_constraints c
         JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
       WHERE c.table_schema = 'public' AND c.table_name = $1 AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position`,
      [t.table_name],
    );
    shape.tables[t.table_name] = {
      kind: t.table_type === 'VIEW' ? 'view' : 'table',
      columns: columns.rows.map((c) => ({ name: c.column_name, type: c.data_type, notNull: c.is_nullable === 'NO' })),
      primaryKey: key.rows.map((k) => k.column_name),
    };
  }
  // Indexes made by CREATE INDEX (those behind a primary key or UNIQUE constraint are named by PostgreSQL).
  const indexes = await db.query<{ indexname: string; tablename: string }>(
    "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)",
  );
  for (const i of indexes.rows) shape.indexes[i.indexname] = i.tablename;
  return shape;
}

describe('central schema on PostgreSQL', () => {
  it('has one PostgreSQL migration for every SQLite migration', () => {
    expect(
      CENTRAL_PG_MIGRATIONS.length,
      `central/store/migrations.ts has ${CENTRAL_MIGRATIONS.length} migrations, central/store/pg/migrations.ts ${CENTRAL_PG_MIGRATIONS.length}: ` +
        'add the PostgreSQL twin of each new SQLite migration to CENTRAL_PG_MIGRATIONS, with the same number and meaning',
    ).toBe(CENTRAL_MIGRATIONS.length);
  });

  it('applies from an empty database to the version of the SQLite schema, and a second run changes nothing', async () => {
    const db = await freshDatabase();
    expect(await pgSchemaVersion(db)).toBe(0);
    expect(await migrateCentralPg(db, 'central_test')).toBe(CENTRAL_MIGRATIONS.length);
    expect(await pgSchemaVersion(db)).toBe(CENTRAL_MIGRATIONS.length);
    const recorded = await db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r: { version: number }) => r.version)).toEqual(CENTRAL_MIGRATIONS.map((_, i) => i + 1));

    expect(await migrateCentralPg(db, 'central_test')).toBe(CENTRAL_MIGRATIONS.length);
    expect((await db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(
      recorded.rows,
    );
  });

  it('has the tables, columns, primary keys and indexes of a fresh SQLite central', async () => {
    const db = await freshDatabase();
    await migrateCentralPg(db, 'central_test');
    const lite = await sqliteShape();
    const post = await postgresShape(db);

    expect(Object.keys(post.tables).sort(), 'tables and views').toEqual(Object.keys(lite.tables).sort());
    expect(post.indexes, 'indexes made by CREATE INDEX, by table').toEqual(lite.indexes);
    for (const [name, want] of Object.entries(lite.tables)) {
      const got = post.tables[name]!;
      const extra = ONLY_IN_POSTGRES[name] ?? [];
      const columns = got.columns.filter((c) => !extra.includes(c.name));
      expect(got.kind, `${name} is a ${want.kind}`).toBe(want.kind);
      expect(
        columns.map((c) => c.name),
        `columns of ${name}, in order`,
      ).toEqual(want.columns.map((c) => c.name));
      if (want.kind === 'table') expect(got.primaryKey, `primary key of ${name}`).toEqual(want.primaryKey);
      for (const [i, c] of want.columns.entries()) {
        const twin = columns[i]!;
        const where = `${name}.${c.name}`;
        if (c.type) expect(TYPE_TWINS[c.type], `${where}: SQLite type ${c.type}`).toContain(twin.type);
        if (MS_TIME.test(c.name)) expect(twin.type, `${where} holds ms since the epoch`).toBe('bigint');
        // SQLite lets a non-integer primary key column be NULL unless declared NOT NULL; PostgreSQL never does.
        if (want.kind === 'table' && !want.primaryKey.includes(c.name))
          expect(twin.notNull, `${where} NOT NULL`).toBe(c.notNull);
      }
    }
  });

  it('keeps the data the migrations move: quotas into the legacy term, staff out of persons, the lookup grace', async () => {
    const db = await freshDatabase();
    await migrateCentralPg(db, 'central_test', CENTRAL_PG_MIGRATIONS.slice(0, 7));
    await db.query(
      `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
       VALUES ('0190c000-0000-7000-8000-000000000001', 'kiosk-a', 'S1', 'transcript', 'zh', 1, 1, 0, 'TR-2026-000001', '7KQ2-M9XD-4HPT', '2026-11-27T08:00:00Z', 'printed')`,
    );
    await db.query("INSERT INTO quota_used (person_id, kind, used) VALUES ('S1', 'transcript', 2)");
    await db.query(
      `INSERT INTO persons (id, card, json) VALUES
         ('T9', 'C-T9', '{"role":"staff","name":"王老师","nameLatin":"Wang","pinHash":"aa:bb"}'),
         ('S1', 'C-S1', '{"role":"student","name":"李同学"}')`,
    );
    const before = Date.now();
    await migrateCentralPg(db, 'central_test');

    const grace = await db.query<{ until_ms: string }>('SELECT until_ms FROM card_lookup_grace');
    expect(grace.rows).toHaveLength(1);
    const until = Number(grace.rows[0]!.until_ms);
    expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 86_400_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect((await db.query('SELECT person_id, kind, term, used FROM quota_used')).rows).toEqual([
      { person_id: 'S1', kind: 'transcript', term: 'legacy', used: 2 },
    ]);
    expect((await db.query('SELECT quota_term FROM documents')).rows).toEqual([{ quota_term: 'legacy' }]);
    const staff = await db.query('SELECT id, card, name, name_latin, pin_hash, created_at FROM staff');
    expect(staff.rows).toEqual([
      { id: 'T9', card: 'C-T9', name: '王老师', name_latin: 'Wang', pin_hash: 'aa:bb', created_at: expect.any(String) },
    ]);
    expect(staff.rows[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('orders the kinds in force by when each first came, as SQLite does by rowid', async () => {
    const db = await freshDatabase();
    await migrateCentralPg(db, 'central_test');
    const put = (id: string, version: number) =>
      db.query(
        "INSERT INTO document_kind_versions (id, version, definition, disabled, set_at, set_by) VALUES ($1, $2, '{}', 0, 'now', 'admin')",
        [id, version],
      );
    await put('transcript', 1);
    await put('enrolment', 1);
    await put('transcript', 2);
    const current = await db.query<{ id: string; version: number; position: string }>(
      'SELECT id, version, position FROM document_kinds_current ORDER BY position',
    );
    expect(current.rows.map((r) => [r.id, r.version])).toEqual([
      ['transcript', 2],
      ['enrolment', 1],
    ]);
  });

  it('refuses a database from a newer server and leaves it unchanged', async () => {
    const db = await freshDatabase();
    await migrateCentralPg(db, 'central_test');
    const newer = CENTRAL_MIGRATIONS.length + 1;
    await db.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, '2030-01-01T00:00:00.000Z')", [
      newer,
    ]);
    const err = await migrateCentralPg(db, 'postgres://central@db/central').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CentralSchemaVersionError);
    expect((err as Error).message).toContain(`postgres://central@db/central has schema version ${newer}`);
    expect((err as Error).message).toContain(`understands up to ${CENTRAL_MIGRATIONS.length}`);
    expect(await pgSchemaVersion(db)).toBe(newer);
  });

  it('rolls a failing migration back whole: the database stays at the version before it', async () => {
    const db = await freshDatabase();
    const migrations = [
      'CREATE TABLE first_one (x INTEGER)',
      'CREATE TABLE half_done (x INTEGER); SELECT no_such_function()',
    ];
    const err = await migrateCentralPg(db, 'central_test', migrations).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/migration 2 failed, the database stays at version 1: .*no_such_function/);
    expect(await pgSchemaVersion(db)).toBe(1);
    const tables = await db.query<{ t: string | null }>("SELECT to_regclass('half_done')::text AS t");
    expect(tables.rows[0]!.t).toBeNull();
    // The connection is usable again (not left inside the aborted transaction).
    expect(await migrateCentralPg(db, 'central_test', migrations.slice(0, 1))).toBe(1);
  });

  it('lets two instances starting at once migrate one database: one applies, the other finds it done', async () => {
    const a = await freshDatabase();
    const url = server.url(`central_${databases}`);
    const b = new pg.Client({ connectionString: url });
    await b.connect();
    clients.push(b);
    const versions = await Promise.all([migrateCentralPg(a, 'central_test'), migrateCentralPg(b, 'central_test')]);
    expect(versions).toEqual([CENTRAL_MIGRATIONS.length, CENTRAL_MIGRATIONS.length]);
    const rows = await a.query<{ n: string }>('SELECT COUNT(*) AS n FROM schema_migrations');
    expect(Number(rows.rows[0]!.n)).toBe(CENTRAL_MIGRATIONS.length);
  });
});
