/**
 * Backing up central's PostgreSQL database as docs/central.md says (pg_dump while central serves,
 * pg_restore into an empty database): the restored copy opens as central and holds what was issued.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { PgCentralStore } from '../../../central/store/pg/pg-store.js';
import { postgresBinDir, startPostgres, type Postgres } from '../../helpers/postgres.js';

const run = promisify(execFile);
const student = demoPeople().find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
let pg: Postgres;

beforeAll(async () => {
  pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.dispose();
});

describe("central's PostgreSQL backup", () => {
  it('pg_dump of a serving central restores with pg_restore into a database central opens with every document', async () => {
    const url = await pg.createDatabase('live');
    const store = await PgCentralStore.open(url);
    await store.seed(demoPeople());
    await store.enrollTerminal('kiosk-1', 'Kiosk 1');
    const issued = await store.authorize('kiosk-1', {
      jobId: 'j1',
      personId: student.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    await store.report('kiosk-1', [
      {
        jobId: 'j1',
        serial: issued.serial,
        outcome: 'printed',
        pages: 1,
        copies: 1,
        finishedAt: new Date().toISOString(),
      },
    ]);
    const bin = postgresBinDir()!;
    const dump = join(mkdtempSync(join(tmpdir(), 'estation-pg-dump-')), 'central.dump');
    // While the store is open and serving: one consistent snapshot.
    await run(join(bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, url]);
    const restored = await pg.createDatabase('restored');
    await run(join(bin, 'pg_restore'), ['--no-owner', `--dbname=${restored}`, dump]);
    const copy = await PgCentralStore.open(restored);
    try {
      expect(await copy.document('j1')).toEqual(await store.document('j1'));
      expect((await copy.verificationRecord(issued.verificationCode))?.status).toBe('printed');
      expect((await copy.lookupCard(student.card))?.person.id).toBe(student.id);
      const next = await copy.authorize('kiosk-1', {
        jobId: 'j2',
        personId: student.id,
        kind: 'enrollment',
        language: 'zh',
        copies: 1,
      });
      // The counter came along: the copy numbers after the whole block the original had reserved (serial-blocks.ts).
      expect(Number(next.serial.slice(-6))).toBe(Number(issued.serial.slice(-6)) + 20);
    } finally {
      await copy.close();
      await store.close();
    }
  }, 60_000);
});
