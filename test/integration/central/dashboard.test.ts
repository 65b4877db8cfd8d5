/**
 * The staff dashboard at `/staff` against the real central server on loopback: sign-in with a staff card
 * and PIN, the session cookie's flags, sign-out, the lockout after 5 failures, the security headers and
 * the page content (every terminal, its alerts and health, escaped; the table's search, filters and sort are
 * dashboard-table.test.ts's). Each lockout test has its own server,
 * as every request here comes from the same address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { centralRoutes, type TerminalHealth } from '../../../shared/central-api.js';

const STAFF = { card: '9000000001', pin: '246810' };
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
const dirs: string[] = [];
const servers: RunningCentral[] = [];
let central: RunningCentral;

async function start(trustProxy: string[] = []): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-dashboard-'));
  dirs.push(dir);
  const c = await startCentralServer({
    trustProxy,
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'lib-1', name: 'Library <b>east</b>' },
      { id: 'canteen-2', name: '食堂' },
      { id: 'dorm-3', name: 'Dormitory' },
    ],
  });
  servers.push(c);
  return c;
}

const sick: TerminalHealth = {
  printer: {
    state: 'stopped',
    acceptingJobs: false,
    conditions: [{ keyword: 'media-empty', severity: 'error', message: { zh: '纸盒无纸', en: 'Out of paper' } }],
    supplies: [{ name: 'Black toner', percent: 5 }],
  },
  readers: [{ id: 'hid-1', state: 'disconnected', message: '<img src=x>' }],
  reasons: [{ zh: '打印机缺纸', en: 'The printer is out of paper' }],
  templates: [{ id: 'enrollment-zh', version: '1.4.2' }],
};
const healthy: TerminalHealth = {
  printer: { state: 'idle', acceptingJobs: true, conditions: [], supplies: [{ name: 'Black toner', percent: 82 }] },
  readers: [{ id: 'hid-1', state: 'connected' }],
  reasons: [],
  templates: [{ id: 'transcript-en', version: '2.0.0' }],
};

async function heartbeat(c: RunningCentral, terminal: string, body: Record<string, unknown>) {
  const res = await fetch(`${c.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.tokens[terminal]}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), backlog: 0, ...body }),
  });
  expect(res.status).toBe(200);
}

async function login(c: RunningCentral, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${c.url}/staff/login`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function get(c: RunningCentral, cookie?: string) {
  const res = await fetch(`${c.url}/staff`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Signs in as the demo staff member and answers the `name=value` of the session cookie. */
async function signIn(c: RunningCentral): Promise<string> {
  const r = await login(c, STAFF);
  expect(r.status).toBe(303);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

function expectStaffHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toBe(CSP);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
}

const noStack = (text: string) => expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|Error:/);

beforeAll(async () => {
  central = await start();
});

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('signing in', () => {
  it('without a session, /staff is the sign-in form, with the security headers and no terminal data', async () => {
    const r = await get(central);
    expect(r.status).toBe(200);
    expectStaffHeaders(r.headers);
    expect(r.text).toContain('<form method="post" action="/staff/login">');
    expect(r.text).toContain('员工卡号');
    expect(r.text).toContain('Staff card number');
    expect(r.text).not.toContain('lib-1');
    expect(r.text).not.toContain('<script');
  });

  it('a staff card and PIN give a random session cookie: HttpOnly, SameSite=Strict, Path=/staff, 8 hours', async () => {
    const a = await login(central, STAFF);
    expect(a.status).toBe(303);
    expect(a.headers.get('location')).toBe('/staff');
    const cookie = a.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^estation_staff=[A-Za-z0-9_-]{43}; /);
    const flags = cookie.split('; ').slice(1);
    expect(flags).toEqual(expect.arrayContaining(['Path=/staff', 'Max-Age=28800', 'HttpOnly', 'SameSite=Strict']));
    const b = await login(central, STAFF);
    expect(b.headers.get('set-cookie')!.split(';')[0]).not.toBe(cookie.split(';')[0]);
  });

  it('a wrong PIN, a student card or an unknown card is refused with a bilingual message and no cookie', async () => {
    const student = central.people.find((p) => p.role === 'student')!;
    for (const fields of [
      { ...STAFF, pin: '000000' },
      { card: student.card, pin: '246810' },
      { card: '123', pin: '246810' },
    ]) {
      const r = await login(central, fields);
      expect(r.status).toBe(401);
      expect(r.headers.get('set-cookie')).toBeNull();
      expectStaffHeaders(r.headers);
      expect(r.text).toContain('员工卡号或 PIN 不正确');
      expect(r.text).toContain('The staff card number or PIN is wrong');
    }
    // A good sign-in clears this address's failures, so the tests below start afresh.
    await signIn(central);
  });

  it('a malformed form is 400 with a bilingual message, echoing the card escaped', async () => {
    const r = await login(central, { card: '<script>alert(1)</script>', pin: 'abc' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('请输入员工卡号和 4–12 位数字 PIN');
    expect(r.text).toContain('Enter your staff card number');
    expect(r.text).not.toContain('<script>');
    expect(r.text).toContain('&#60;script&#62;');
    expect((await login(central, {})).status).toBe(400);
    const raw = await fetch(`${central.url}/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(raw.status).toBe(400);
    expectStaffHeaders(raw.headers);
    const text = await raw.text();
    expect(text).toContain('The request was not valid');
    noStack(text);
  });

  it('a forged or ended session is not one; signing out clears the cookie', async () => {
    expect((await get(central, 'estation_staff=forged-token')).text).toContain('action="/staff/login"');
    const cookie = await signIn(central);
    expect((await get(central, cookie)).text).toContain('action="/staff/logout"');
    const out = await fetch(`${central.url}/staff/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/staff');
    expect(out.headers.get('set-cookie')).toMatch(
      /^estation_staff=; Path=\/staff; Max-Age=0; HttpOnly; SameSite=Strict/,
    );
    const after = await get(central, cookie);
    expect(after.text).toContain('action="/staff/login"');
    expect(after.text).not.toContain('lib-1');
  });
});

describe('lockout', () => {
  it('after 5 failed sign-ins from one address, even the right PIN waits, with a bilingual "try again in N minutes"', async () => {
    const c = await start();
    for (let i = 1; i <= 4; i++) {
      const r = await login(c, { ...STAFF, pin: '111111' });
      expect(r.status).toBe(401);
      expect(r.text).toContain(`还可尝试 ${5 - i} 次`);
    }
    const fifth = await login(c, { ...STAFF, pin: '111111' });
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('登录失败次数过多，请 5 分钟后再试');
    expect(fifth.text).toContain('Try again in 5 minutes');
    const right = await login(c, STAFF);
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(240);
    expectStaffHeaders(right.headers);
  });

  it('behind a trusted proxy, counts per client address: one locked-out client does not lock out the rest', async () => {
    const c = await start(['loopback']); // the test connects over loopback, as a proxy on the same host would
    const from = (client: string) => ({ 'x-forwarded-for': client, 'x-forwarded-proto': 'https' });
    for (let i = 0; i < 5; i++) await login(c, { ...STAFF, pin: '111111' }, from('203.0.113.7'));
    expect((await login(c, STAFF, from('203.0.113.7'))).status).toBe(429);
    // Addresses the client wrote in front of the proxy's own entry change nothing.
    expect((await login(c, STAFF, from('198.51.100.1, 203.0.113.7'))).status).toBe(429);
    const other = await login(c, STAFF, from('203.0.113.8'));
    expect(other.status).toBe(303);
    // The proxy speaks HTTPS to the browser, so the cookie is Secure.
    expect(other.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: a client cannot claim a new address', async () => {
    const c = await start();
    for (let i = 0; i < 5; i++) await login(c, { ...STAFF, pin: '111111' }, { 'x-forwarded-for': `203.0.113.${i}` });
    const r = await login(c, STAFF, { 'x-forwarded-for': '203.0.113.99', 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(429);
    expect((await login(await start(), STAFF, { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).not.toMatch(
      /Secure/,
    );
  });

  it('malformed forms do not count towards the lockout', async () => {
    const c = await start();
    for (let i = 0; i < 8; i++) expect((await login(c, { card: '', pin: '' })).status).toBe(400);
    expect((await login(c, STAFF)).status).toBe(303);
  });
});

describe('the dashboard', () => {
  let text: string;
  beforeAll(async () => {
    // Sent just before the page is read: "12 秒前" and no "silent" alert hold for a minute from here.
    await heartbeat(central, 'lib-1', { outOfService: true, backlog: 3, backlogOldestS: 5400, health: sick });
    await heartbeat(central, 'canteen-2', { outOfService: false, health: healthy });
    const r = await get(central, await signIn(central));
    expect(r.status).toBe(200);
    expectStaffHeaders(r.headers);
    text = r.text;
  });

  const card = (id: string) => {
    const start = text.indexOf(`data-terminal-id="${id}"`);
    expect(start).toBeGreaterThan(0);
    const end = text.indexOf('</tr>', start);
    return text.slice(start, end);
  };

  it('reloads itself every 15 s and runs no script', () => {
    expect(text).toContain('<meta http-equiv="refresh" content="15">');
    expect(text).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('?refresh=off pauses the self-reload (WCAG 2.2.1) and offers to resume; a query not understood is said (400)', async () => {
    const cookie = await signIn(central);
    const paused = await fetch(`${central.url}/staff?refresh=off`, { headers: { cookie } });
    const body = await paused.text();
    expect(paused.status).toBe(200);
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('自动刷新已暂停');
    expect(body).toContain('href="/staff"');
    expect(text).toContain('href="/staff?refresh=off"');
    for (const q of ['refresh=never', 'x=1', 'refresh=off&refresh=off']) {
      const r = await fetch(`${central.url}/staff?${q}`, { headers: { cookie }, redirect: 'manual' });
      expect(r.status, q).toBe(400);
      expectStaffHeaders(r.headers);
      expect(await r.text(), q).toContain('Not understood in the address');
    }
  });

  it('names the signed-in staff member and offers sign-out', () => {
    expect(text).toContain('马建国');
    expect(text).toContain('action="/staff/logout"');
  });

  it('counts the terminals in each state', () => {
    // lib-1: out of service; canteen-2: in service, nothing to do; dorm-3: never sent a heartbeat.
    const count = (state: string) =>
      new RegExp(`data-testid="count-${state}"[^>]*><span class="n">(\\d+)<`).exec(text)?.[1];
    expect([count('out_of_service'), count('online'), count('offline'), count('attention'), count('revoked')]).toEqual([
      '1',
      '1',
      '1',
      '0',
      '0',
    ]);
  });

  it('lists terminals needing a person first, each with its alerts and health, every value escaped', () => {
    const order = [...text.matchAll(/data-terminal-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['dorm-3', 'lib-1', 'canteen-2']);
    const lib = card('lib-1');
    const shown = [
      'Library &#60;b&#62;east&#60;/b&#62;',
      '暂停服务',
      'data-alert-id="lib-1:printer:media-empty" data-severity="error"',
      'data-alert-id="lib-1:supply:Black toner" data-severity="warning"',
      'data-alert-id="lib-1:reader:hid-1" data-severity="error"',
      'data-alert-id="lib-1:backlog" data-severity="warning"',
      '纸盒无纸',
      'Out of paper',
      '<span class="low">5%</span>',
      'data-testid="backlog">3<',
      '&#60;img src=x&#62;',
    ];
    for (const s of shown) expect(lib).toContain(s);
    expect(lib).toMatch(/\d+ 秒前 <span class="en" lang="en">\/ \d+ s ago/);
    expect(text).not.toContain('<b>east');
    expect(text).not.toContain('<img');
  });

  it('shows a healthy terminal in service with no alerts, and a silent one that never sent a heartbeat', () => {
    const canteen = card('canteen-2');
    expect(canteen).toContain('食堂');
    expect(canteen).toContain('正常服务');
    expect(canteen).toContain('In service');
    expect(canteen).not.toContain('data-alert-id');
    expect(canteen).toContain('<span>82%</span>');
    const dorm = card('dorm-3');
    expect(dorm).toContain('离线');
    expect(dorm).toContain('data-alert-id="dorm-3:silent"');
    expect(dorm).toContain('从未收到心跳');
  });

  it('an internal error is a page without details', async () => {
    const cookie = await signIn(central);
    const original = central.store.terminals.bind(central.store);
    central.store.terminals = async () => {
      throw new Error('disk on fire at /srv/central/store.ts:12');
    };
    try {
      const r = await get(central, cookie);
      expect(r.status).toBe(500);
      expectStaffHeaders(r.headers);
      expect(r.text).toContain('服务器出错');
      expect(r.text).not.toContain('disk on fire');
      noStack(r.text);
    } finally {
      central.store.terminals = original;
    }
  });
});
