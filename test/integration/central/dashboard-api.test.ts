/**
 * `GET /v1/admin/terminals` against the real central server on loopback: terminals send heartbeats
 * with health over HTTP, an admin reads every terminal's state and alerts, errors first. Admin token only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { centralRoutes, TerminalsResponse, type TerminalHealth } from '../../../shared/central-api.js';

const TERMINALS = '/v1/admin/terminals';
let central: RunningCentral;
let dir: string;
let adminToken: string;

const sick: TerminalHealth = {
  printer: {
    state: 'stopped',
    acceptingJobs: false,
    conditions: [{ keyword: 'media-empty', severity: 'error', message: { zh: '纸盒无纸', en: 'Out of paper' } }],
    supplies: [
      { name: 'Black toner', percent: 5 },
      { name: 'Drum', percent: 70 },
    ],
  },
  readers: [{ id: 'hid-1', state: 'disconnected' }],
  reasons: [{ zh: '打印机缺纸', en: 'The printer is out of paper' }],
  templates: [{ id: 'enrollment-zh', version: '1.0.0' }],
};
const healthy: TerminalHealth = {
  ...sick,
  printer: { state: 'idle', acceptingJobs: true, conditions: [], supplies: [{ name: 'Black toner', percent: 90 }] },
  readers: [{ id: 'hid-1', state: 'connected' }],
  reasons: [],
};

async function heartbeat(terminal: string, body: Record<string, unknown>) {
  const res = await fetch(`${central.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens[terminal]}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), backlog: 0, ...body }),
  });
  expect(res.status).toBe(200);
}

async function list(token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${central.url}${TERMINALS}`, {
    headers: { ...headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-dashboard-api-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    terminals: [
      { id: 'lib-1', name: 'Library' },
      { id: 'canteen-2', name: 'Canteen' },
      { id: 'dorm-3', name: 'Dormitory' },
      { id: 'old-4', name: 'Retired' },
    ],
  });
  adminToken = await central.store.enrollAdmin('ops', 'Operations');
  await central.store.revokeTerminal('old-4');
  await heartbeat('lib-1', { outOfService: true, health: sick });
  await heartbeat('canteen-2', { outOfService: false, health: healthy });
});

afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/admin/terminals', () => {
  it('answers a TerminalsResponse: every terminal, errors first, then the rest by id', async () => {
    const r = await list(adminToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = TerminalsResponse.parse(r.json);
    expect(body.terminals.map((t) => t.id)).toEqual(['dorm-3', 'lib-1', 'canteen-2', 'old-4']);
    expect(Date.parse(body.generatedAt)).not.toBeNaN();
  });

  it('shows the alerts of a terminal out of paper, with low toner and a disconnected reader', async () => {
    const lib = TerminalsResponse.parse((await list(adminToken)).json).terminals.find((t) => t.id === 'lib-1')!;
    expect(lib).toMatchObject({
      name: 'Library',
      revoked: false,
      silent: false,
      outOfService: true,
      backlog: 0,
      health: sick,
    });
    expect(lib.alerts.map((a) => [a.severity, a.id])).toEqual([
      ['error', 'lib-1:out_of_service'],
      ['error', 'lib-1:printer:media-empty'],
      ['warning', 'lib-1:supply:Black toner'],
      ['error', 'lib-1:reader:hid-1'],
    ]);
    expect(lib.alerts[0]!.message).toEqual({ zh: '打印机缺纸', en: 'The printer is out of paper' });
    expect(lib.alerts[1]!.message).toEqual({ zh: '纸盒无纸', en: 'Out of paper' });
  });

  it('a terminal that never sent a heartbeat is silent; a healthy one and a revoked one have no alerts', async () => {
    const { terminals } = TerminalsResponse.parse((await list(adminToken)).json);
    const byId = Object.fromEntries(terminals.map((t) => [t.id, t]));
    expect(byId['dorm-3']).toMatchObject({ silent: true, lastHeartbeat: null, health: null, outOfService: null });
    expect(byId['dorm-3']!.alerts).toEqual([
      {
        id: 'dorm-3:silent',
        severity: 'error',
        cause: 'silent',
        message: { zh: '从未收到心跳', en: 'Has never sent a heartbeat' },
      },
    ]);
    expect(byId['canteen-2']).toMatchObject({ silent: false, alerts: [], health: healthy });
    expect(byId['old-4']).toMatchObject({ revoked: true, alerts: [] });
  });

  it('keeps the last health when a heartbeat carries none', async () => {
    await heartbeat('canteen-2', { outOfService: false });
    const canteen = TerminalsResponse.parse((await list(adminToken)).json).terminals.find((t) => t.id === 'canteen-2')!;
    expect(canteen.health).toEqual(healthy);
  });

  it('a heartbeat with malformed health is refused with 400 naming the field, and stores nothing', async () => {
    const res = await fetch(`${central.url}${centralRoutes.heartbeat.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens['canteen-2']}` },
      body: JSON.stringify({
        terminalTime: 'x',
        outOfService: false,
        backlog: 0,
        health: { ...healthy, readers: [{ id: 'r', state: 'melting' }] },
      }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('health.readers.0.state');
    const canteen = TerminalsResponse.parse((await list(adminToken)).json).terminals.find((t) => t.id === 'canteen-2')!;
    expect(canteen.health).toEqual(healthy);
  });

  it('answers 401 without a token, with a terminal token, an unknown or a revoked admin token', async () => {
    const revoked = await central.store.enrollAdmin('former', 'Former');
    await central.store.revokeAdmin('former');
    for (const token of [null, central.tokens['lib-1']!, 'not-a-token', revoked]) {
      const r = await list(token);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'unauthorized', message: 'A valid admin token is required' });
    }
    expect((await list(null, { authorization: `Basic ${adminToken}` })).status).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${central.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const op = doc.paths[TERMINALS]!.get!;
    expect(op.operationId).toBe('listTerminals');
    expect(op.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(op.responses as object)).toEqual(['200', '401', '500']);
  });
});
