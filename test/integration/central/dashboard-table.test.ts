/**
 * The dashboard's table of stations (issue #18) against the real central server on loopback, signed in
 * with the demo staff card: counts per state, search by id or name, each filter (state, alert kind,
 * software version), sorting by a column both ways, pages of 100, the query kept across links, a query
 * that is not understood (said, not dropped), the "behind the fleet" alert, and a station name with HTML
 * in it shown as text.
 */
import { setTerminalSite } from '../../../central/store/staff-accounts.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { STATION_STATE_IDS } from '../../../central/staff/station-states.js';
import { centralRoutes, type TerminalHealth } from '../../../shared/central-api.js';

const STAFF = { card: '9000000001', pin: '246810' };
const dirs: string[] = [];
const servers: RunningCentral[] = [];

async function start(terminals: { id: string; name: string }[]): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-dashboard-table-'));
  dirs.push(dir);
  const c = await startCentralServer({ dataDir: dir, port: 0, seedDemo: true, terminals });
  servers.push(c);
  return c;
}

function health(supplies: { name: string; percent: number | null }[], error = false): TerminalHealth {
  return {
    printer: {
      state: error ? 'stopped' : 'idle',
      acceptingJobs: !error,
      conditions: error
        ? [{ keyword: 'media-empty', severity: 'error', message: { zh: '纸盒无纸', en: 'Out of paper' } }]
        : [],
      supplies,
    },
    readers: [{ id: 'hid-1', state: 'connected' }],
    reasons: error ? [{ zh: '打印机缺纸', en: 'The printer is out of paper' }] : [],
    templates: [],
  };
}

async function heartbeat(c: RunningCentral, terminal: string, body: Record<string, unknown>) {
  const res = await fetch(`${c.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.tokens[terminal]}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), backlog: 0, outOfService: false, ...body }),
  });
  expect(res.status).toBe(200);
}

async function signIn(c: RunningCentral): Promise<string> {
  const res = await fetch(`${c.url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams(STAFF),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** The dashboard at `/staff?query`, as the signed-in staff member sees it. */
async function dashboard(c: RunningCentral, cookie: string, query = '') {
  const res = await fetch(`${c.url}/staff${query ? `?${query}` : ''}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** The station ids of the table's rows, in order. */
const rows = (text: string) => [...text.matchAll(/<tr [^>]*data-terminal-id="([^"]+)"/g)].map((m) => m[1]);
const count = (text: string, state: string) =>
  Number(new RegExp(`data-testid="count-${state}"[^>]*><span class="n">(\\d+)<`).exec(text)?.[1]);
const row = (text: string, id: string) => {
  const start = text.indexOf(`data-terminal-id="${id}"`);
  expect(start).toBeGreaterThan(0);
  return text.slice(start, text.indexOf('</tr>', start));
};

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a fleet of seven stations, one in each state and a few more', () => {
  let c: RunningCentral;
  let cookie: string;

  beforeAll(async () => {
    c = await start([
      { id: 'lib-1', name: 'Library <b>east</b>' },
      { id: 'lib-2', name: '图书馆西 Library west' },
      { id: 'can-1', name: '食堂 Canteen' },
      { id: 'dorm-1', name: 'Dormitory' },
      { id: 'sci-1', name: 'Science hall' },
      { id: 'sci-2', name: 'Science annex' },
      { id: 'old-1', name: 'Old gym' },
    ]);
    const toner = (percent: number) => health([{ name: 'Black toner', percent }]);
    // Sent just before the pages are read: none of these is silent for a minute and a half from here.
    await heartbeat(c, 'lib-1', { health: toner(80), software: { version: '1.4.0' }, backlog: 2 });
    await heartbeat(c, 'lib-2', { health: toner(5), software: { version: '1.4.0' } });
    await heartbeat(c, 'can-1', {
      outOfService: true,
      health: health([{ name: 'Black toner', percent: 60 }], true),
      software: { version: '1.4.0' },
      backlog: 7,
    });
    // An older kiosk, with its clock five minutes fast.
    await heartbeat(c, 'sci-1', {
      health: toner(70),
      software: { version: '1.3.2' },
      terminalTime: new Date(Date.now() + 300_000).toISOString(),
    });
    await heartbeat(c, 'sci-2', { health: toner(40), software: { version: '1.5.0' } });
    await c.store.revokeTerminal('old-1');
    cookie = await signIn(c);
  });

  it('counts the stations in each state over the whole fleet, each count a link to those stations', async () => {
    const { status, text } = await dashboard(c, cookie);
    expect(status).toBe(200);
    expect(Object.fromEntries(STATION_STATE_IDS.map((s) => [s, count(text, s)]))).toEqual({
      offline: 1,
      out_of_service: 1,
      attention: 2,
      online: 2,
      revoked: 1,
    });
    expect(text).toContain('href="/staff?state=offline" data-testid="count-offline"');
    // The counts stay the fleet's while a filter narrows the table.
    const filtered = await dashboard(c, cookie, 'state=online');
    expect(count(filtered.text, 'attention')).toBe(2);
    expect(filtered.text).toContain('data-testid="count-online" aria-current="true"');
  });

  it('lists every station, those needing a person first, one row each with its state', async () => {
    const { text } = await dashboard(c, cookie);
    const order = rows(text);
    expect(order).toHaveLength(7);
    // Errors first (can-1: out of service and out of paper; dorm-1 silent; sci-1's clock), by id; then warnings; then the rest.
    expect(order).toEqual(['can-1', 'dorm-1', 'sci-1', 'lib-2', 'lib-1', 'old-1', 'sci-2']);
    expect(row(text, 'dorm-1')).toContain('data-state="offline"');
    expect(row(text, 'can-1')).toContain('data-state="out_of_service"');
    expect(row(text, 'lib-2')).toContain('data-state="attention"');
    expect(row(text, 'sci-2')).toContain('data-state="online"');
    expect(row(text, 'old-1')).toContain('data-state="revoked"');
    expect(row(text, 'lib-1')).toContain('href="/staff/terminals/lib-1"');
  });

  it("shows each station's heartbeat, backlog, paper and toner, alerts, software version and clock", async () => {
    const { text } = await dashboard(c, cookie);
    const lib2 = row(text, 'lib-2');
    expect(lib2).toMatch(/\d+ 秒前 <span class="en" lang="en">\/ \d+ s ago/);
    expect(lib2).toContain('<span class="low">5%</span>');
    expect(lib2).toContain('data-alert-id="lib-2:supply:Black toner" data-severity="warning"');
    expect(row(text, 'lib-1')).toMatch(/data-testid="backlog">2</);
    expect(row(text, 'can-1')).toContain('data-alert-id="can-1:printer:media-empty" data-severity="error"');
    expect(row(text, 'dorm-1')).toContain('从未');
    const sci1 = row(text, 'sci-1');
    expect(sci1).toMatch(/data-testid="software">1\.3\.2 <span class="tag">落后/);
    expect(sci1).toContain('data-alert-id="sci-1:version" data-severity="warning"');
    expect(sci1).toContain('Software 1.3.2 is behind the fleet&#39;s 1.4.0');
    expect(sci1).toMatch(/快 (29\d|30\d) 秒/);
    expect(sci1).toContain('data-alert-id="sci-1:clock" data-severity="error"');
    // Ahead of the fleet is not behind it.
    expect(row(text, 'sci-2')).not.toContain(':version"');
  });

  it('inject markup through a station name or the search box: shown as text, never run in a staff browser', async () => {
    const { text } = await dashboard(c, cookie, `q=${encodeURIComponent('<b>east')}`);
    expect(rows(text)).toEqual(['lib-1']);
    expect(row(text, 'lib-1')).toContain('Library &#60;b&#62;east&#60;/b&#62;');
    expect(text).toContain('name="q" maxlength="64" value="&#60;b&#62;east"');
    expect(text).not.toContain('<b>east');
  });

  it('searches the id or the name, in any case, Chinese too', async () => {
    expect(rows((await dashboard(c, cookie, 'q=SCI')).text)).toEqual(['sci-1', 'sci-2']);
    expect(rows((await dashboard(c, cookie, 'q=library')).text)).toEqual(['lib-2', 'lib-1']);
    expect(rows((await dashboard(c, cookie, `q=${encodeURIComponent('食堂')}`)).text)).toEqual(['can-1']);
    const none = await dashboard(c, cookie, 'q=nowhere');
    expect(rows(none.text)).toEqual([]);
    expect(none.text).toContain('No station matches. Change the search or the filters.');
  });

  it('filters by each state', async () => {
    const expected: Record<string, string[]> = {
      offline: ['dorm-1'],
      out_of_service: ['can-1'],
      attention: ['sci-1', 'lib-2'],
      online: ['lib-1', 'sci-2'],
      revoked: ['old-1'],
    };
    for (const state of STATION_STATE_IDS) {
      const { text } = await dashboard(c, cookie, `state=${state}`);
      expect(rows(text), state).toEqual(expected[state]);
      expect(text).toContain(`<option value="${state}" selected>`);
    }
  });

  it('filters by alert kind and by software version, and combines filters with the search', async () => {
    expect(rows((await dashboard(c, cookie, 'alert=version')).text)).toEqual(['sci-1']);
    expect(rows((await dashboard(c, cookie, 'alert=supply')).text)).toEqual(['lib-2']);
    expect(rows((await dashboard(c, cookie, 'alert=silent')).text)).toEqual(['dorm-1']);
    expect(rows((await dashboard(c, cookie, 'alert=reader')).text)).toEqual([]);
    expect(rows((await dashboard(c, cookie, 'version=1.4.0')).text)).toEqual(['can-1', 'lib-2', 'lib-1']);
    expect(rows((await dashboard(c, cookie, 'version=1.4.0&q=lib&state=online')).text)).toEqual(['lib-1']);
    // The version list is the versions stations said, newest first.
    const { text } = await dashboard(c, cookie);
    const versions = [...text.matchAll(/<option value="(\d[^"]*)"/g)].map((m) => m[1]);
    expect(versions).toEqual(['1.5.0', '1.4.0', '1.3.2']);
  });

  it('filters by site, a campus taking the buildings below it, and offers each site and campus', async () => {
    await setTerminalSite(c.store.sql, 'lib-1', 'qianfoshan/library');
    await setTerminalSite(c.store.sql, 'lib-2', 'qianfoshan/library');
    await setTerminalSite(c.store.sql, 'sci-1', 'qianfoshan/science');
    await setTerminalSite(c.store.sql, 'can-1', 'hongjialou/canteen');
    expect(rows((await dashboard(c, cookie, 'site=qianfoshan/library')).text)).toEqual(['lib-2', 'lib-1']);
    expect(new Set(rows((await dashboard(c, cookie, 'site=qianfoshan')).text))).toEqual(
      new Set(['lib-1', 'lib-2', 'sci-1']),
    );
    expect(rows((await dashboard(c, cookie, 'site=qianfoshan-east')).text)).toEqual([]);
    const { text } = await dashboard(c, cookie);
    const sites = [...text.matchAll(/<option value="([a-z][^"]*\/?[^"]*)"/g)].map((m) => m[1]);
    expect(sites).toEqual(
      expect.arrayContaining(['hongjialou', 'hongjialou/canteen', 'qianfoshan', 'qianfoshan/library']),
    );
    expect((await dashboard(c, cookie, 'site=../etc')).status).toBe(400);
  });

  it('an empty field of the GET form means "all"', async () => {
    const { status, text } = await dashboard(c, cookie, 'q=&state=&alert=&version=');
    expect(status).toBe(200);
    expect(rows(text)).toHaveLength(7);
  });

  it('sorts by a column both ways; stations that did not say a value stay last', async () => {
    expect(rows((await dashboard(c, cookie, 'sort=id&dir=asc')).text)).toEqual([
      'can-1',
      'dorm-1',
      'lib-1',
      'lib-2',
      'old-1',
      'sci-1',
      'sci-2',
    ]);
    expect(rows((await dashboard(c, cookie, 'sort=id&dir=desc')).text)[0]).toBe('sci-2');
    // Versions: dorm-1 and old-1 never said one.
    expect(rows((await dashboard(c, cookie, 'sort=version&dir=asc')).text)).toEqual([
      'sci-1',
      'can-1',
      'lib-1',
      'lib-2',
      'sci-2',
      'dorm-1',
      'old-1',
    ]);
    expect(rows((await dashboard(c, cookie, 'sort=version&dir=desc')).text)).toEqual([
      'sci-2',
      'can-1',
      'lib-1',
      'lib-2',
      'sci-1',
      'dorm-1',
      'old-1',
    ]);
    // A first click on "backlog" puts the biggest backlog first.
    expect(rows((await dashboard(c, cookie, 'sort=backlog')).text).slice(0, 2)).toEqual(['can-1', 'lib-1']);
    expect(rows((await dashboard(c, cookie, 'sort=supplies')).text)[0]).toBe('lib-2');
    expect(rows((await dashboard(c, cookie, 'sort=clock')).text)[0]).toBe('sci-1');
    expect(rows((await dashboard(c, cookie, 'sort=state&dir=asc')).text)).toEqual([
      'dorm-1',
      'can-1',
      'sci-1',
      'lib-2',
      'lib-1',
      'sci-2',
      'old-1',
    ]);
  });

  it('column headings link to their sort, the sorted one to the other direction, keeping the filters', async () => {
    const { text } = await dashboard(c, cookie, 'q=lib&sort=name&dir=asc&refresh=off');
    expect(text).toContain(
      '<th scope="col" aria-sort="ascending"><a href="/staff?refresh=off&#38;q=lib&#38;sort=name&#38;dir=desc"',
    );
    expect(text).toContain('href="/staff?refresh=off&#38;q=lib&#38;sort=backlog&#38;dir=desc" data-sort="backlog"');
    // The filter form carries the sort and the paused refresh along.
    expect(text).toContain('<input type="hidden" name="sort" value="name">');
    expect(text).toContain('<input type="hidden" name="refresh" value="off">');
    // Resuming the refresh keeps the view.
    expect(text).toContain('href="/staff?q=lib&#38;sort=name&#38;dir=asc" data-testid="refresh-toggle"');
    expect(text).not.toContain('http-equiv="refresh"');
  });

  it('a query that is not understood is named back, over every station, with a 400 and no self-reload', async () => {
    for (const [q, named] of [
      ['state=sleeping', 'state'],
      ['alert=fire', 'alert kind'],
      ['sort=colour', 'sort'],
      ['page=0', 'page'],
      ['refresh=never', 'auto-refresh'],
      ['colour=red', 'colour'],
      ['state=offline&state=online', 'state'],
      [`q=${'x'.repeat(65)}`, 'search'],
    ]) {
      const r = await dashboard(c, cookie, q);
      expect(r.status, q).toBe(400);
      expect(r.text, q).toContain(`Not understood in the address: ${named}. All stations are shown below`);
      expect(rows(r.text), q).toHaveLength(7);
      expect(r.text, q).not.toContain('http-equiv="refresh"');
    }
    // A parameter's name is echoed escaped too (an address sent to a staff member in a phishing mail).
    const html = await dashboard(c, cookie, `${encodeURIComponent('<img src=x onerror=alert(1)>')}=1`);
    expect(html.text).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html.text).not.toContain('<img');
  });

  it('without a session the filtered address is the sign-in form, with no station data', async () => {
    const res = await fetch(`${c.url}/staff?q=lib`);
    const text = await res.text();
    expect(text).toContain('action="/staff/login"');
    expect(text).not.toContain('lib-1');
  });
});

describe('a fleet of 230 stations', () => {
  let c: RunningCentral;
  let cookie: string;
  const ids = Array.from({ length: 230 }, (_, i) => `st-${String(i + 1).padStart(3, '0')}`);

  beforeAll(async () => {
    c = await start(ids.map((id) => ({ id, name: `Station ${id}` })));
    cookie = await signIn(c);
  });

  it('shows 100 stations a page, with links to the previous and next pages that keep the view', async () => {
    const first = await dashboard(c, cookie, 'sort=id');
    expect(rows(first.text)).toEqual(ids.slice(0, 100));
    expect(first.text).toContain('Showing 1–100 of 230 matching stations (230 in all)');
    expect(first.text).toContain('Page 1 of 3');
    expect(first.text).toContain('href="/staff?sort=id&#38;page=2" rel="next"');
    expect(first.text).not.toContain('rel="prev"');
    const last = await dashboard(c, cookie, 'sort=id&page=3');
    expect(rows(last.text)).toEqual(ids.slice(200));
    expect(last.text).toContain('href="/staff?sort=id&#38;page=2" rel="prev"');
    expect(last.text).not.toContain('rel="next"');
    // A bookmark past the end shows the last page.
    expect(rows((await dashboard(c, cookie, 'sort=id&page=9')).text)).toEqual(ids.slice(200));
    // A filter that fits on one page has no pager.
    const one = await dashboard(c, cookie, 'q=st-01');
    expect(rows(one.text)).toHaveLength(10);
    expect(one.text).not.toContain('aria-label="分页 Pages"');
  });
});
