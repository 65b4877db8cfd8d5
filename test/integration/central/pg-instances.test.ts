/**
 * Two central processes on one PostgreSQL database (issue #16): a station's traffic goes to both, at
 * once, and the one in use is killed mid-traffic. No report is lost, no serial is issued twice, free
 * copies are counted exactly, and a staff member signed in at one instance is signed in at the other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { PgCentralStore } from '../../../central/store/pg/pg-store.js';
import { FailoverCentral } from '../../../main/core/central-failover.js';
import { startCentralProcess, type CentralProcess } from '../../helpers/central-process.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';

const people = demoPeople();
const students = people.filter((p) => p.role === 'student' && p.record?.status === 'enrolled').slice(0, 8);
const staff = people.find((p) => p.pin && p.role === 'staff')!;
let pg: Postgres;
let store: PgCentralStore;
let token = '';
let a: CentralProcess;
let b: CentralProcess;

beforeAll(async () => {
  pg = await startPostgres();
  const url = await pg.createDatabase('central');
  store = await PgCentralStore.open(url);
  await store.seed(people);
  token = await store.enrollTerminal('kiosk-1', 'Kiosk 1');
  // Two instances of one central: one database, two data folders (publisher keys, running marks), two ports.
  const instance = () => startCentralProcess(mkdtempSync(join(tmpdir(), 'estation-pg-instance-')), ['--database', url]);
  [a, b] = await Promise.all([instance(), instance()]);
}, 180_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await store?.close();
  await pg?.dispose();
});

/** The free copies of the enrollment certificate a student has left. */
const freeLeft = async (card: string) =>
  (await store.lookupCard(card))!.catalog.find((c) => c.kind === 'enrollment')!.freeRemaining!;

describe('two central instances on one PostgreSQL database', () => {
  it('lose no report, issue no serial twice and count free copies exactly when the one in use is killed', async () => {
    const before = new Map<string, number>();
    for (const s of students) before.set(s.id, await freeLeft(s.card));
    // Two failover clients, one starting at each instance; each job is authorized through one and reported
    // through the other, four lanes at once; instance b dies after the tenth job.
    const viaB = new FailoverCentral({ baseUrls: [b.url, a.url], token, timeoutMs: 10_000 });
    const viaA = new FailoverCentral({ baseUrls: [a.url, b.url], token, timeoutMs: 10_000 });
    const client = viaB;
    // Each student's card read at the station first (central authorizes only for a card looked up there).
    for (const s of students) await client.call('lookupCard', { card: s.card });
    let done = 0;
    let killed: Promise<void> | null = null;
    const issued: { jobId: string; serial: string; personId: string }[] = [];
    const lane = async (n: number) => {
      for (let i = 0; i < 8; i++) {
        const s = students[(n + i) % students.length]!;
        const jobId = `lane${n}-job${i}`;
        const [first, second] = n % 2 ? [viaA, viaB] : [viaB, viaA];
        const answer = await first.call('authorizeJob', {
          jobId,
          personId: s.id,
          kind: 'enrollment',
          language: 'zh',
          copies: 1,
        });
        const report = await second.call('reportJobs', {
          reports: [
            {
              jobId,
              serial: answer.serial,
              outcome: 'printed',
              pages: 1,
              copies: 1,
              finishedAt: new Date().toISOString(),
            },
          ],
        });
        expect(report.results).toEqual([{ jobId, result: 'confirmed' }]);
        issued.push({ jobId, serial: answer.serial, personId: s.id });
        if (++done === 10) killed = b.stop('SIGKILL');
      }
    };
    await Promise.all([0, 1, 2, 3].map(lane));
    await killed;
    expect(b.child.signalCode).toBe('SIGKILL');
    expect(viaB.activeUrl).toBe(a.url);
    expect(viaA.activeUrl).toBe(a.url);

    expect(issued).toHaveLength(32);
    expect(new Set(issued.map((j) => j.serial)).size).toBe(32);
    const docs = await store.documentsOfTerminal('kiosk-1');
    expect(docs).toHaveLength(32);
    expect(docs.every((d) => d.status === 'printed' && d.reportCount === 1)).toBe(true);
    for (const s of students) {
      const mine = issued.filter((j) => j.personId === s.id).length;
      expect(await freeLeft(s.card)).toBe(Math.max(0, before.get(s.id)! - mine));
    }
  }, 120_000);

  it('keeps a staff member signed in at one instance signed in at the other', async () => {
    const signIn = await fetch(`${a.url}/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ card: staff.card, pin: staff.pin! }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = /estation_staff=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    const dashboard = await fetch(`${a.url}/staff`, { headers: { cookie } });
    expect(await dashboard.text()).toContain('kiosk-1');
    // b was killed in the test before; a new instance on the same database knows the session.
    const c = await startCentralProcess(mkdtempSync(join(tmpdir(), 'estation-pg-instance-')), [
      '--database',
      pg.url('central'),
    ]);
    try {
      const there = await fetch(`${c.url}/staff`, { headers: { cookie } });
      const page = await there.text();
      expect(page).toContain('kiosk-1');
      expect(page).not.toContain('name="pin"');
    } finally {
      await c.stop();
    }
  }, 60_000);
});
