/**
 * Attack: a station is stolen (or its disk copied) and whoever holds its token keeps talking to central
 * as that station after an admin revoked it. Every kiosk route (derived from centralRoutes, so a new one
 * is covered the day it is added) answers 401 to the revoked token at once, while the other stations
 * keep working, the dashboard shows the station as revoked, and what it printed before still verifies.
 * Enrollment and revocation go through bin/estation against the running central's data folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { centralRoutes } from '../../../shared/central-api.js';
import { runEstation } from '../../helpers/run-estation.js';

const dir = mkdtempSync(join(tmpdir(), 'estation-revoked-station-'));
const data = join(dir, 'central');
let central: RunningCentral;
const tokens: Record<string, string> = {};
let admin = '';

const post = (path: string, token: string, body: unknown = {}) =>
  fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
const heartbeat = (token: string) =>
  post('/v1/heartbeat', token, { terminalTime: new Date().toISOString(), outOfService: false, backlog: 0 });

beforeAll(async () => {
  central = await startCentralServer({ dataDir: data, seedDemo: true });
  admin = await central.store.enrollAdmin('ops', 'Ops');
  writeFileSync(
    join(dir, 'stations.csv'),
    'id,name,site\nlib-1,Library 1,main/library\nlib-2,Library 2,main/library\n',
  );
  const enrolled = await runEstation([
    'central',
    'enroll',
    '--csv',
    join(dir, 'stations.csv'),
    '--tokens',
    join(dir, 'tokens.csv'),
    '--data',
    data,
  ]);
  expect(enrolled.code, enrolled.err).toBe(0);
  for (const line of readFileSync(join(dir, 'tokens.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [id, , , token] = line.split(',');
    tokens[id!] = token!;
  }
}, 60_000);
afterAll(() => central?.close());

describe("a revoked station's token", () => {
  it('is refused on every kiosk route at once; the others keep working, its documents still verify, re-enrolling gives a new token', async () => {
    const student = demoPeople().find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
    expect((await heartbeat(tokens['lib-1']!)).status).toBe(200);
    expect((await post('/v1/cards/lookup', tokens['lib-1']!, { card: student.card })).status).toBe(200);
    const job = { jobId: 'j-before', personId: student.id, kind: 'enrollment', language: 'zh', copies: 1 };
    const auth = (await (await post('/v1/jobs/authorize', tokens['lib-1']!, job)).json()) as {
      serial: string;
      verificationCode: string;
    };
    const report = {
      reports: [
        {
          jobId: 'j-before',
          serial: auth.serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: new Date().toISOString(),
        },
      ],
    };
    expect((await post('/v1/jobs/report', tokens['lib-1']!, report)).status).toBe(200);

    const revoked = await runEstation(['central', 'stations', 'revoke', 'lib-1', '--reason', 'stolen', '--data', data]);
    expect(revoked.code, revoked.err).toBe(0);

    const routes = Object.entries(centralRoutes);
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const [name, r] of routes) {
      const res = await fetch(`${central.url}${r.path}`, {
        method: r.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['lib-1']}` },
        body: JSON.stringify({}),
      });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    expect((await heartbeat(tokens['lib-2']!)).status).toBe(200);

    const verify = await fetch(`${central.url}/verify/${auth.verificationCode}`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toContain('data-state="genuine"');

    const listed = (await (
      await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { terminals: { id: string; revoked: boolean }[] };
    expect(listed.terminals.find((t) => t.id === 'lib-1')?.revoked).toBe(true);
    expect(listed.terminals.find((t) => t.id === 'lib-2')?.revoked).toBe(false);

    const again = await runEstation(['central', 'enroll', 'lib-1', '--data', data]);
    expect(again.code, again.err).toBe(0);
    const fresh = again.out.trim().split('\n').at(-1)!;
    expect(fresh).not.toBe(tokens['lib-1']);
    expect((await heartbeat(fresh)).status).toBe(200);
    expect((await heartbeat(tokens['lib-1']!)).status).toBe(401);
  }, 60_000);
});
