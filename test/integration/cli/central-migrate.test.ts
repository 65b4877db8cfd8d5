/**
 * `estation central migrate --from DIR --to postgres://…` (issue #16): a site's SQLite central moved to
 * a new PostgreSQL database answers the same afterwards, continues its numbering (serials, calendar
 * versions), and the command refuses a database that already holds data and a folder a central serves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRunning } from '../../../central/running.js';
import { demoPeople } from '../../../central/seed/demo.js';
import { PgCentralStore } from '../../../central/store/pg/pg-store.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { DEMO_INSTITUTION } from '../../../shared/institution.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';
import { runEstation } from '../../helpers/run-estation.js';

const people = demoPeople();
const student = people.find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
const calendar = (gap: 'none' | 'previous') => ({
  gap,
  terms: [
    {
      code: '2026-2027-1',
      name: { zh: '2026-2027学年第一学期', en: 'Autumn 2026' },
      start: '2026-09-01',
      end: '2027-01-20',
    },
  ],
});
let pg: Postgres;
let dir: string;
let token: string;
let before: Awaited<ReturnType<SqliteCentralStore['document']>>;
let kindsBefore: unknown;

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'estation-migrate-'));
  const store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  await store.seed(people);
  await store.setInstitution({ ...DEMO_INSTITUTION, serialPrefix: 'MU' }, 'registrar');
  await store.setTermCalendar(calendar('previous'));
  token = await store.enrollTerminal('kiosk-1', 'Kiosk 1');
  await store.addToGroup('pilot', ['kiosk-1'], 'admin');
  const a = await store.authorize('kiosk-1', {
    jobId: 'j1',
    personId: student.id,
    kind: 'enrollment',
    language: 'zh',
    copies: 1,
  });
  await store.report('kiosk-1', [
    { jobId: 'j1', serial: a.serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: new Date().toISOString() },
  ]);
  await store.countVerificationView(a.verificationCode);
  before = await store.document('j1');
  kindsBefore = await store.kinds();
  await store.close();
}, 120_000);
afterAll(async () => {
  await pg?.dispose();
});

describe('estation central migrate', () => {
  it('copies a SQLite central into an empty PostgreSQL database, which then answers the same and numbers on', async () => {
    const url = await pg.createDatabase('moved');
    const { code, out, err } = await runEstation(['central', 'migrate', '--from', dir, '--to', url]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/Copied \d+ rows in \d+ tables/);
    expect(out).toMatch(/documents\s+1/);
    const store = await PgCentralStore.open(url);
    try {
      expect(await store.document('j1')).toEqual(before);
      expect(await store.kinds()).toEqual(kindsBefore);
      expect(await store.terminalByToken(token)).toEqual({ id: 'kiosk-1', name: 'Kiosk 1' });
      expect((await store.lookupCard(student.card))?.person.id).toBe(student.id);
      expect((await store.documentProof(before!.verificationCode))?.viewCount).toBe(1);
      expect(await store.groups()).toEqual([{ group: 'pilot', terminals: ['kiosk-1'] }]);
      // Numbering goes on where SQLite left it.
      const next = await store.authorize('kiosk-1', {
        jobId: 'j2',
        personId: student.id,
        kind: 'enrollment',
        language: 'zh',
        copies: 1,
      });
      expect(next.serial.startsWith('MU-')).toBe(true);
      expect(Number(next.serial.slice(-6))).toBe(Number(before!.serial.slice(-6)) + 1);
      expect((await store.setTermCalendar(calendar('none'))).version).toBe(2);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses a database that already holds data, and changes nothing there', async () => {
    const url = await pg.createDatabase('taken');
    const other = await PgCentralStore.open(url);
    await other.enrollTerminal('elsewhere', 'Elsewhere');
    await other.close();
    const { code, err } = await runEstation(['central', 'migrate', '--from', dir, '--to', url]);
    expect(code).toBe(1);
    expect(err).toMatch(/already holds data .*migrate into a new, empty database/);
    expect(err).toContain('Nothing was copied');
    const again = await PgCentralStore.open(url);
    expect((await again.terminals()).map((t) => t.id)).toEqual(['elsewhere']);
    await again.close();
  }, 60_000);

  it('imports people into PostgreSQL with --database, and a dry run there predicts without writing', async () => {
    const url = await pg.createDatabase('imported');
    const dir2 = mkdtempSync(join(tmpdir(), 'estation-import-pg-'));
    const jsonl = join(dir2, 'people.jsonl');
    const student = {
      id: '2024000009',
      cards: ['3012349999'],
      role: 'student',
      name: { zh: '赵六' },
      status: 'enrolled',
      college: { zh: '经济学院', en: 'School of Economics' },
      programYears: 4,
      entryDate: '2024-09-01',
    };
    writeFileSync(jsonl, `${JSON.stringify(student)}\n`);
    const dry = await runEstation(['central', 'import', jsonl, '--database', url, '--data', dir2, '--dry-run']);
    expect(dry.out).toContain('created 1');
    const real = await runEstation(['central', 'import', jsonl, '--database', url, '--data', dir2]);
    expect(real.out).toBe('created 1, updated 0, unchanged 0, deactivated 0, rejected 0\n');
    const again = await runEstation(['central', 'import', jsonl, '--database', url, '--data', dir2, '--dry-run']);
    expect(again.out).toContain('unchanged 1');
    const store = await PgCentralStore.open(url);
    try {
      expect((await store.lookupCard('3012349999'))?.person.id).toBe('2024000009');
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses while a central serves the folder, and a URL that is not PostgreSQL', async () => {
    const unmark = markRunning(dir, 'http://127.0.0.1:8600');
    try {
      const { code, err } = await runEstation(['central', 'migrate', '--from', dir, '--to', pg.url('any')]);
      expect(code).toBe(1);
      expect(err).toMatch(/A central server is running on .*stop it first/);
    } finally {
      unmark();
    }
    const wrong = await runEstation(['central', 'migrate', '--from', dir, '--to', 'mysql://x@y/z']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/give a PostgreSQL URL/);
  }, 60_000);
});
