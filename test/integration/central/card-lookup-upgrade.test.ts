/**
 * A central upgraded to the card-lookup binding (migrations 7 and 8) waives it for a day when its
 * database already issued documents: the stations' queued jobs had their cards looked up by a central
 * that recorded nothing. A new database binds from the start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentralApp } from '../../../central/app.js';
import { demoPeople } from '../../../central/seed/demo.js';
import { CENTRAL_MIGRATIONS, migrateCentral } from '../../../central/store/migrations.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A central database as the release before the binding left it (schema 6), with one issued document. */
function databaseBeforeTheBinding(): string {
  const dir = mkdtempSync(join(tmpdir(), 'estation-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'central.sqlite');
  const db = new Database(file);
  migrateCentral(db, file, CENTRAL_MIGRATIONS.slice(0, 6));
  db.prepare(
    `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
     VALUES ('0190c000-0000-7000-8000-000000000001', 'kiosk-a', 'S1', 'transcript', 'zh', 1, 1, 0, 'TR-2026-000001', '7KQ2-M9XD-4HPT', '2026-11-27T08:00:00Z', 'printed')`,
  ).run();
  db.close();
  return file;
}

async function authorizeWithoutLookup(file: string, clock: { now: number }): Promise<number> {
  const store = await SqliteCentralStore.open(file, { now: () => new Date(clock.now) });
  try {
    const people = demoPeople();
    await store.seed(people);
    const token = await store.enrollTerminal('kiosk-a', 'kiosk-a');
    const app = createCentralApp({ store });
    const student = people.find((p) => p.role === 'student')!;
    const r = await app.inject({
      method: 'POST',
      url: '/v1/jobs/authorize',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        jobId: `0190c000-0000-7000-8000-${String(clock.now).slice(-12)}`,
        personId: student.id,
        kind: 'transcript',
        language: 'zh',
        copies: 1,
      },
    });
    await app.close();
    return r.statusCode;
  } finally {
    await store.close();
  }
}

describe('upgrading central to the card-lookup binding', () => {
  it('waives the binding for a day on a database that issued documents, then applies it', async () => {
    const file = databaseBeforeTheBinding();
    const clock = { now: Date.now() };
    expect(await authorizeWithoutLookup(file, clock)).toBe(200);
    clock.now += 25 * 3_600_000;
    expect(await authorizeWithoutLookup(file, clock)).toBe(403);
  });

  it('binds a new database from the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estation-upgrade-'));
    dirs.push(dir);
    expect(await authorizeWithoutLookup(join(dir, 'central.sqlite'), { now: Date.now() })).toBe(403);
  });
});
