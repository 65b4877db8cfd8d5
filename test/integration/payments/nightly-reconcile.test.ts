/**
 * The nightly payment reconciliation (issue #17) against a campus-card service that lies: a real central
 * charges two printed jobs through the real card service, whose statement then loses the line of one
 * capture. After the configured time of the next day the run reconciles the day, records it once,
 * and raises a fleet alert on the dashboard's top and through the alert webhook; staff acknowledging it
 * (`estation central payments acknowledge`) ends the alert; an honest later run would too.
 */
import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampusCardServer, type CampusCardServer } from '../../../campus-card/server.js';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { NightlyReconcile } from '../../../central/payments/nightly-reconcile.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { AuthorizeResponse } from '../../../shared/central-api.js';
import { addDays, localDate, localDateTime } from '../../../shared/local-date.js';
import { runEstation } from '../../helpers/run-estation.js';

const TOKEN = 'nightly-test-token-0123456789';
const STAFF = { card: '9000000001', pin: '246810' };
let service: CampusCardServer;
let hooks: Server;
let central: RunningCentral<SqliteCentralStore>;
let provider: CampusCardProvider;
const dataDir = mkdtempSync(join(tmpdir(), 'estation-central-nightly-'));
const cardDir = mkdtempSync(join(tmpdir(), 'estation-card-'));
const delivered: { raised: { id: string; terminalId: string }[]; cleared: { id: string }[] }[] = [];

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((r) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => r(Buffer.concat(parts)));
  });
const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  service = await startCampusCardServer({ dataDir: cardDir, token: TOKEN });
  hooks = createServer((req, res) => {
    void body(req).then((b) => {
      delivered.push(JSON.parse(String(b)) as (typeof delivered)[number]);
      res.writeHead(204).end();
    });
  });
  provider = new CampusCardProvider({ url: service.url, token: TOKEN, retryDelayMs: 10 });
  central = await startCentralServer({
    dataDir,
    seedDemo: true,
    terminals: [{ id: 'k', name: 'K' }],
    alertWebhooks: [await listen(hooks)],
    alertIntervalMs: 50,
    // This test runs the night itself, at the times it chooses.
    payments: { provider, reconcileAt: null },
  });
});
afterAll(async () => {
  await central?.close();
  hooks?.closeAllConnections();
  await new Promise((r) => hooks?.close(r));
  await service?.close();
});

async function post(path: string, payload: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${central.tokens.k}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** A paid transcript job of `person` authorized, printed and its fee captured. */
async function printedPaidJob(person: { id: string; card: string }, jobId: string): Promise<void> {
  await post('/v1/cards/lookup', { card: person.card });
  const a = (await post('/v1/jobs/authorize', {
    jobId,
    personId: person.id,
    kind: 'transcript',
    language: 'zh',
    copies: 4,
  })) as AuthorizeResponse;
  expect(a.chargedCents).toBeGreaterThan(0);
  await post('/v1/jobs/report', {
    reports: [
      { jobId, serial: a.serial, outcome: 'printed', pages: 1, copies: 4, finishedAt: new Date().toISOString() },
    ],
  });
  await central.payments.idle();
}

/** The instant at which the institution's clock shows `time` (a quarter hour) on local day `day`. */
function at(day: string, time: string, timeZone: string): Date {
  const from = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
  for (let t = from; t < from + 3 * 86_400_000; t += 15 * 60_000)
    if (localDateTime(new Date(t), timeZone) === `${day} ${time}:00`) return new Date(t);
  throw new Error(`no quarter hour shows ${day} ${time} in ${timeZone}`);
}

async function dashboard(): Promise<string> {
  const login = await fetch(`${central.url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams(STAFF),
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (await fetch(`${central.url}/staff`, { headers: { cookie } })).text();
}

describe('the nightly payment reconciliation', () => {
  it('finds the capture a lying statement leaves out, alerts on the dashboard and the webhook until acknowledged', async () => {
    const students = central.people.filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
    for (const s of students.slice(0, 2)) service.ledger.topUp(s.id, 10_000, `nightly-${s.id}`);
    await printedPaidJob(students[0]!, 'night-1');
    await printedPaidJob(students[1]!, 'night-2');
    // The service lies: its statement has lost the line of night-2's capture (the money did move).
    const db = new Database(join(cardDir, 'campus-card.db'));
    expect(db.prepare("DELETE FROM movements WHERE job = 'night-2' AND kind = 'capture'").run().changes).toBe(1);
    db.close();

    const timeZone = await institutionTimeZone(central.store.sql);
    const today = localDate(new Date(), timeZone);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(addDays(tomorrow, -1)).toBe(today);
    const night = (time: string, instance: string) =>
      new NightlyReconcile({
        store: central.store,
        provider,
        instance,
        at: '02:00',
        now: () => at(tomorrow, time, timeZone),
      }).run();
    // Before the configured time the day is not run (the card office's day may not be closed); the days
    // before it that nobody reconciled (central was not running then) are, once each.
    expect((await night('01:45', 'a'))?.date).not.toBe(today);
    expect(await central.store.reconciliations.get(today)).toBeNull();
    expect(await central.store.reconciliations.get(addDays(today, -1))).toMatchObject({ claimedBy: 'a', runs: 1 });

    const result = await night('02:15', 'a');
    expect(result?.date).toBe(today);
    expect(result?.mismatches).toEqual([
      expect.objectContaining({ kind: 'not_at_provider', jobId: 'night-2', movement: 'capture' }),
    ]);
    // Once per day: a second instance (or the next turn) does not run it again.
    expect(await night('02:30', 'b')).toBeNull();
    expect(await central.store.reconciliations.get(today)).toMatchObject({ claimedBy: 'a', runs: 1, mismatches: 1 });

    // The dashboard's top, above the stations, and the alert webhook.
    const page = await dashboard();
    expect(page).toContain('data-testid="fleet-alerts"');
    expect(page).toContain(`payments:reconcile:${today}`);
    expect(page.indexOf('data-testid="fleet-alerts"')).toBeLessThan(page.indexOf('data-testid="count-'));
    await expect
      .poll(() => delivered.flatMap((d) => d.raised).find((a) => a.id === `payments:reconcile:${today}`))
      .toMatchObject({ terminalId: 'fleet' });
    // Staff look at it and acknowledge it (the CLI, on central's database while central serves).
    const ack = await runEstation([
      ...['central', 'payments', 'acknowledge', '--date', today, '--data', dataDir],
      ...['--reason', 'card office confirmed the capture of night-2'],
    ]);
    expect(ack.err).toBe('');
    expect(ack.code).toBe(0);
    expect(ack.out).toMatch(/Acknowledged the payment mismatches of .* the dashboard alert is ended/);
    expect(await dashboard()).not.toContain('data-testid="fleet-alerts"');
    await expect
      .poll(() => delivered.flatMap((d) => d.cleared).some((a) => a.id === `payments:reconcile:${today}`))
      .toBe(true);
    expect((await central.store.reconciliations.get(today))!.acknowledged).toMatchObject({
      reason: 'card office confirmed the capture of night-2',
    });
  });
});
