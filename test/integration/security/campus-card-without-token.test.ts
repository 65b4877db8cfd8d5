/**
 * Attack: someone on the campus network calls the campus-card service directly, without central's token
 * (or with a guessed one), to top up a card, capture or refund a stranger's hold, switch the fault
 * injection on, or read who paid what. Every route but /v1/health answers 401 before it reads anything,
 * and no money moves: the statement read with the token afterwards is unchanged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampusCardServer, type CampusCardServer } from '../../../campus-card/server.js';

const TOKEN = 'the-real-token-0123456789abcdef';
let service: CampusCardServer;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  service = await startCampusCardServer({
    dataDir: mkdtempSync(join(tmpdir(), 'estation-card-attack-')),
    token: TOKEN,
  });
  service.ledger.topUp('victim', 1000, 'desk-1');
  service.ledger.hold('job-1', 'victim', 300);
});
afterAll(() => service?.close());

const ATTEMPTS: [string, string, unknown?][] = [
  ['POST', '/v1/accounts/attacker/top-ups', { amountCents: 1_000_000, reference: 'free-money' }],
  ['GET', '/v1/accounts/victim'],
  ['PUT', '/v1/holds/job-2', { person: 'victim', amountCents: 700 }],
  ['POST', '/v1/holds/job-1/capture'],
  ['POST', '/v1/holds/job-1/release'],
  ['POST', '/v1/holds/job-1/refund', { reason: 'x', by: 'y' }],
  ['GET', `/v1/statements/${today}`],
  ['PUT', '/v1/admin/faults', { wrongAmount: { rate: 1 } }],
];
const HEADERS: [string, Record<string, string>][] = [
  ['no token', {}],
  ['a guessed token of the same length', { authorization: `Bearer ${'x'.repeat(TOKEN.length)}` }],
  ['the token as a prefix', { authorization: `Bearer ${TOKEN}x` }],
  ['the token without "Bearer"', { authorization: TOKEN }],
];

describe('calling the campus-card service without its token', () => {
  it.each(HEADERS.flatMap(([what, headers]) => ATTEMPTS.map(([m, p, b]) => [what, m, p, b, headers] as const)))(
    '%s: %s %s is 401',
    async (_what, method, path, body, headers) => {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    },
  );

  it('moved no money and switched no fault on', () => {
    expect(service.ledger.statement(today).map((m) => `${m.kind} ${m.person} ${m.amountCents}`)).toEqual([
      'top_up victim 1000',
      'hold victim 300',
    ]);
    expect(service.ledger.account('victim')).toMatchObject({ balanceCents: 1000, availableCents: 700 });
    expect(service.faults.status().rules.wrongAmount).toEqual({ next: 0, rate: 0 });
  });

  it('only the health check answers without it', async () => {
    expect((await fetch(`${service.url}/v1/health`)).status).toBe(200);
  });
});
