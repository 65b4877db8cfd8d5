/**
 * A station's history and page (issue #18) against the real central server on loopback with a real
 * SQLite file: heartbeats recorded in 5-minute slots (injected times through the store, as the heartbeat
 * route would at those times), the clock offset and its alert from real heartbeats over HTTP, and the
 * page `/staff/terminals/:id` with 30 days of history as SVG charts and tables, escaped, behind the
 * staff session.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { SLOT_MS } from '../../../central/store/heartbeat-history.js';
import { centralRoutes } from '../../../shared/central-api.js';
import { localDateTime } from '../../../shared/local-date.js';
import { seedStationHistory, stationHealth } from '../../helpers/station-history.js';

const STAFF = { card: '9000000001', pin: '246810' };
const DAY = 24 * 3600_000;
const HOUR = 3600_000;
let central: RunningCentral<SqliteCentralStore>;
let dir: string;
let cookie: string;
let timeZone: string;

const health = stationHealth;

async function heartbeat(terminal: string, body: Record<string, unknown>) {
  const res = await fetch(`${central.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens[terminal]}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), backlog: 0, outOfService: false, ...body }),
  });
  expect(res.status).toBe(200);
}

async function get(path: string, withCookie = cookie) {
  const res = await fetch(`${central.url}${path}`, {
    headers: withCookie ? { cookie: withCookie } : {},
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// Set in beforeAll: where the 30 days' offline and out-of-service stretches are.
let offlineFrom: number;
let offlineTo: number;
let outFrom: number;
let outTo: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-station-page-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'lib-1', name: 'Library <b>east</b>' },
      { id: 'dorm-3', name: 'Dormitory' },
      { id: 'lab-4', name: 'Lab' },
    ],
  });
  timeZone = (await central.store.institution()).timezone;
  ({ offlineFrom, offlineTo, outFrom, outTo } = await seedStationHistory(central, 'lib-1'));
  // Not counted: a failed document, and one printed at another station.
  const doc = central.store.db.prepare(
    `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
     VALUES (?, ?, 'p', 'enrollment', 'zh', 1, 1, 0, ?, ?, ?, ?)`,
  );
  const day = new Date(Date.now() - DAY).toISOString();
  doc.run('failed-1', 'lib-1', 'S-f', 'V-f', day, 'failed');
  doc.run('other-1', 'dorm-3', 'S-o', 'V-o', day, 'printed');
  // Now, over HTTP: lib-1's clock an hour fast, dorm-3's a minute slow (within the 2 minutes allowed).
  await heartbeat('lib-1', {
    terminalTime: new Date(Date.now() + HOUR).toISOString(),
    health: health(20, 30),
    software: { version: '0.9.1-<rc>' },
  });
  await heartbeat('dorm-3', { terminalTime: new Date(Date.now() - 60_000).toISOString() });
  const login = await fetch(`${central.url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams(STAFF),
    redirect: 'manual',
  });
  expect(login.status).toBe(303);
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  await central.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('heartbeat history', () => {
  it('keeps one row per 5-minute slot with the worst of its heartbeats', async () => {
    const store = central.store;
    const slot = Math.floor((Date.now() - 40 * DAY) / SLOT_MS) * SLOT_MS;
    await store.heartbeat('lab-4', new Date(slot + 1000).toISOString(), {
      outOfService: true,
      backlog: 0,
      health: health(50, 60, true),
    });
    await store.heartbeat('lab-4', new Date(slot + 31_000).toISOString(), {
      terminalTime: new Date(slot + 31_000 + 5000).toISOString(),
      outOfService: false,
      backlog: 0,
      health: health(40, 70),
    });
    const { slots } = await store.stationHistory('lab-4', new Date(slot).toISOString());
    expect(slots[0]).toEqual({
      slot: new Date(slot).toISOString(),
      beats: 2,
      outOfService: true,
      printerState: 'idle',
      printerErrors: 1,
      paperPercent: 40,
      // The waste box (3 %) is not a supply running low.
      tonerPercent: 60,
      clockOffsetMs: 5000,
    });
  });

  it('30 days of heartbeats are a slot each, offline slots absent', async () => {
    const since = new Date(Date.now() - 30 * DAY).toISOString();
    const { slots, printedAt } = await central.store.stationHistory('lib-1', since);
    expect(slots.length).toBeGreaterThan(30 * 288 - 72 - 20);
    expect(slots.length).toBeLessThanOrEqual(30 * 288 - 72 + 2);
    expect(slots.some((s) => Date.parse(s.slot) >= offlineFrom && Date.parse(s.slot) < offlineTo)).toBe(false);
    expect(printedAt).toHaveLength(60);
  });
});

describe('clock offset', () => {
  it('a station clock an hour fast raises a clock alert; a minute slow does not', async () => {
    const { text } = await get('/staff');
    expect(text).toContain('data-alert-id="lib-1:clock"');
    expect(text).toContain('The station&#39;s clock is 1 h fast');
    expect(text).not.toContain('dorm-3:clock');
    const api = await fetch(`${central.url}/staff/terminals/dorm-3`, { headers: { cookie } });
    const dorm = await api.text();
    expect(dorm).toContain('data-testid="no-alerts"');
    expect(dorm).toMatch(/data-testid="clock">慢 (59|60|61) 秒/);
  });
});

describe('the station page', () => {
  it('needs a staff session: without one it leads to sign-in', async () => {
    for (const c of ['', 'estation_staff=forged-session-value']) {
      const r = await get('/staff/terminals/lib-1', c);
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/staff');
      expect(r.text).not.toContain('Library');
    }
  });

  it('an unknown terminal is a 404 that leads back to the list', async () => {
    const r = await get('/staff/terminals/nope%3Cscript%3E');
    expect(r.status).toBe(404);
    expect(r.text).toContain('There is no such terminal');
    expect(r.text).not.toContain('<script');
  });

  it('the dashboard links each terminal to its page', async () => {
    const { text } = await get('/staff');
    expect(text).toContain('href="/staff/terminals/lib-1"');
    expect(text).toContain('href="/staff/terminals/dorm-3"');
  });

  it('shows health, versions, clock, alerts and 30 days as accessible SVG charts with tables', async () => {
    const r = await get('/staff/terminals/lib-1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = r.text;
    // Escaped: the terminal's name and the version string.
    expect(html).toContain('Library &#60;b&#62;east&#60;/b&#62;');
    expect(html).not.toContain('<b>east');
    expect(html).toContain('data-testid="software">0.9.1-&#60;rc&#62;');
    expect(html).toContain('data-testid="clock">快 3600 秒');
    expect(html).toContain('data-alert-id="lib-1:clock"');
    expect(html).toContain('enrollment-zh');
    expect(html).not.toContain('<script');
    // Four charts, each an image with its title and description.
    for (const id of ['chart-service', 'chart-printed', 'chart-levels', 'chart-errors']) {
      expect(html).toMatch(new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-t ${id}-d" data-testid="${id}"`));
      expect(html).toContain(`<title id="${id}-t">`);
    }
    expect(html).toContain('60 documents printed in 30 days');
    // The offline and out-of-service stretches, as drawn periods and as table rows.
    const at = (ms: number) => localDateTime(new Date(ms), timeZone);
    expect(html).toContain(
      `<tr><th scope="row">${at(offlineFrom)}</th><td>${at(offlineTo)}</td><td>离线 Offline</td></tr>`,
    );
    expect(html).toContain(
      `<tr><th scope="row">${at(outFrom)}</th><td>${at(outTo)}</td><td>暂停服务 Out of service</td></tr>`,
    );
    expect(html).toContain(`<title>离线 Offline: ${at(offlineFrom)} – ${at(offlineTo)}</title>`);
    // The printer error hour, and paper and toner as lines.
    expect(html).toContain('Minutes with a printer error each day; 60 in all');
    expect((html.match(/<polyline /g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('lists the alerts raised and cleared in the last 30 days from the alert history, escaped, newest first', async () => {
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const row = central.store.db.prepare(
      `INSERT INTO alert_history (alert_id, terminal_id, terminal_name, cause, severity, message, raised_at, cleared_at)
       VALUES (?, 'dorm-3', 'Dormitory', ?, ?, ?, ?, ?)`,
    );
    const msg = (en: string) => JSON.stringify({ zh: en, en });
    row.run(
      'dorm-3:printer:media-jam',
      'printer',
      'error',
      msg('Paper <script>jam</script>'),
      at(3 * DAY),
      at(3 * DAY - 2 * HOUR),
    );
    row.run('dorm-3:supply:paper', 'supply', 'warning', msg('Paper is low (5%)'), at(DAY), at(DAY - 30 * 60_000));
    row.run('dorm-3:silent', 'silent', 'error', msg('Forty days ago'), at(40 * DAY), at(40 * DAY - HOUR));
    const { status, text } = await get('/staff/terminals/dorm-3');
    expect(status).toBe(200);
    const section = text.slice(text.indexOf('data-testid="recent-alerts"'));
    // Cleared ones only: the central's own alert round may have recorded the station silent before its heartbeat.
    const ids = [...section.matchAll(/<tr class="alert [a-z]+" data-alert-id="([^"]+)" data-open="no"/g)].map(
      (m) => m[1],
    );
    expect(ids).toEqual(['dorm-3:supply:paper', 'dorm-3:printer:media-jam']);
    expect(section).toContain('Paper &#60;script&#62;jam&#60;/script&#62;');
    expect(section).not.toContain('<script>jam');
    expect(section).toContain(localDateTime(new Date(at(3 * DAY)), timeZone));
    expect(section).toMatch(/2 h/);
    expect(section).not.toContain('Forty days ago');
  });

  it("shows the audit of what was done at the station, only this station's, escaped, with a link to all of it", async () => {
    const staff = demoPeople().find((p) => p.role === 'staff' && p.pin)!;
    await central.store.issueStaffGrant('lab-4', staff.id);
    await central.store.recordAudit({
      actor: staff.id,
      action: 'station.action.logs',
      terminalId: 'lab-4',
      reason: 'why <b>stuck</b>',
      outcome: 'pending',
    });
    await central.store.recordAudit({
      actor: staff.id,
      action: 'station.action.sync',
      terminalId: 'dorm-3',
      reason: 'x',
    });
    const { text } = await get('/staff/terminals/lab-4');
    const section = text.slice(text.indexOf('data-testid="station-audit"'));
    const actions = [...section.matchAll(/<td class="id">([a-z_.]+)<\/td>/g)].map((m) => m[1]);
    expect(actions).toEqual(['station.action.logs', 'station.maintenance_opened', 'station.enrolled']);
    expect(section).toContain('why &#60;b&#62;stuck&#60;/b&#62;');
    expect(section).toContain('href="/staff/audit?station=lab-4"');
  });
});
