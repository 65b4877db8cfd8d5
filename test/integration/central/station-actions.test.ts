/**
 * Remote actions at central over HTTP (issue #18): an admin asks on the station's page, the station's
 * heartbeat answer carries the action (again until answered), the station answers at /v1/actions/result
 * once, and the page shows the history: states, outcome, log lines escaped, a screenshot while kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setTerminalSite } from '../../../central/store/staff-accounts.js';
import { centralRoutes } from '../../../shared/central-api.js';
import { postAction, staffCookie } from '../../helpers/staff-cookie.js';
import { useCentral } from './central-fixture.js';

const central = useCentral();
let cookie: string;
let staffId: string;

beforeAll(async () => {
  await setTerminalSite(central.store.sql, 'kiosk-a', 'qianfoshan/library');
  const staff = central.people.find((p) => p.role === 'staff' && p.pin)!;
  staffId = staff.id;
  cookie = await staffCookie(central.url, staff.card, staff.pin!);
});

const heartbeat = async (terminal: 'kiosk-a' | 'kiosk-b' = 'kiosk-a') => {
  const res = await central.post(
    centralRoutes.heartbeat.path,
    { terminalTime: new Date().toISOString(), outOfService: false, backlog: 0 },
    terminal,
  );
  expect(res.status).toBe(200);
  return res.json as {
    actions?: { id: string; action: string; params: unknown; reason: string; staffGrant?: string }[];
  };
};
const answer = (body: Record<string, unknown>, terminal: 'kiosk-a' | 'kiosk-b' = 'kiosk-a') =>
  central.post(centralRoutes.reportActionResult.path, body, terminal);
const stationPage = async () => (await fetch(`${central.url}/staff/terminals/kiosk-a`, { headers: { cookie } })).text();

async function ask(fields: Record<string, string>): Promise<string> {
  const res = await postAction(central.url, cookie, 'kiosk-a', fields);
  expect(res.status).toBe(303);
  return /asked=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
}

describe('remote actions at central', () => {
  it('carries an action in every heartbeat answer until the station answers, then keeps the first answer', async () => {
    const id = await ask({ action: 'logs', lines: '20', reason: 'students report a slow screen', expireMinutes: '15' });
    expect(await stationPage()).toMatch(new RegExp(`data-action-id="${id}" data-state="pending"[\\s\\S]*Expires`));
    const first = await heartbeat();
    expect(first.actions).toEqual([
      { id, action: 'logs', params: { lines: 20 }, reason: 'students report a slow screen', by: staffId },
    ]);
    // Another station's heartbeat does not carry it; a lost answer does not lose it.
    expect((await heartbeat('kiosk-b')).actions).toBeUndefined();
    expect((await heartbeat()).actions?.map((a) => a.id)).toEqual([id]);
    expect(await stationPage()).toContain(`data-action-id="${id}" data-state="delivered"`);
    // Only the station it was asked of may answer it.
    expect((await answer({ id, state: 'done', outcome: 'x' }, 'kiosk-b')).status).toBe(404);
    const lines = ['{"msg":"<script>alert(1)</script>"}', '{"msg":"printer idle"}'];
    const ok = await answer({ id, state: 'done', outcome: '2 log lines', logLines: lines });
    expect(ok.json).toEqual({ result: 'recorded' });
    expect((await answer({ id, state: 'failed', outcome: 'later' })).json).toEqual({ result: 'already' });
    expect((await heartbeat()).actions).toBeUndefined();
    const page = await stationPage();
    expect(page).toContain(`data-action-id="${id}" data-state="done"`);
    expect(page).toContain('2 log lines');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('students report a slow screen');
  });

  it('keeps a screenshot for staff who see the station, says it is kept a day, and takes a large body only on that route', async () => {
    const id = await ask({ action: 'screenshot', reason: 'what does the screen show?' });
    await heartbeat();
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(400_000, 7)]);
    const res = await answer({ id, state: 'done', outcome: 'Screenshot taken', screenshotPng: png.toString('base64') });
    expect(res.status).toBe(200);
    const page = await stationPage();
    expect(page).toContain('Screenshots are kept at central for one day at most');
    expect(page).toContain(`/staff/terminals/kiosk-a/actions/${id}/screenshot`);
    const shot = await fetch(`${central.url}/staff/terminals/kiosk-a/actions/${id}/screenshot`, {
      headers: { cookie },
    });
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shot.arrayBuffer())).toEqual(png);
    // Under another station's path it is not found; without a session, sign in first.
    expect(
      (await fetch(`${central.url}/staff/terminals/kiosk-b/actions/${id}/screenshot`, { headers: { cookie } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${central.url}/staff/terminals/kiosk-a/actions/${id}/screenshot`, { redirect: 'manual' })).status,
    ).toBe(303);
    // The heartbeat keeps its own small limit.
    const big = await central.post(
      centralRoutes.heartbeat.path,
      { terminalTime: 'x'.repeat(400_000), outOfService: false, backlog: 0 },
      'kiosk-a',
    );
    expect(big.status).toBe(413);
  });

  it('carries a reprint with a staff grant for the staff member who asked, bound to the station', async () => {
    const id = await ask({ action: 'resolve_job', jobId: 'job-77', decision: 'reprint', reason: 'paper jammed' });
    const carried = (await heartbeat()).actions!.find((a) => a.id === id)!;
    expect(carried).toMatchObject({ params: { jobId: 'job-77', decision: 'reprint' }, staffGrant: expect.any(String) });
    const grant = await central.store.sql.get<{ terminal_id: string; staff_id: string }>(
      'SELECT terminal_id, staff_id FROM staff_grants ORDER BY issued_at DESC LIMIT 1',
    );
    expect(grant).toEqual({ terminal_id: 'kiosk-a', staff_id: staffId });
    await answer({ id, state: 'failed', outcome: 'No job job-77' });
  });

  it('expires an action the station did not fetch in time, says so, and never carries it', async () => {
    const id = await ask({ action: 'restart', reason: 'station offline, restart when back', expireMinutes: '1' });
    central.advance(61_000);
    expect((await heartbeat()).actions).toBeUndefined();
    const page = await stationPage();
    expect(page).toContain(`data-action-id="${id}" data-state="expired"`);
    expect(page).toContain('did not fetch it before it expired');
  });

  it('refuses a form without a reason or with an unknown action, saying what to do, and sends nothing', async () => {
    const before = (await central.store.stationActions.ofTerminal('kiosk-a')).length;
    const noReason = await postAction(central.url, cookie, 'kiosk-a', { action: 'restart', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Say why');
    const unknown = await postAction(central.url, cookie, 'kiosk-a', { action: 'format_disk', reason: 'why not' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('is not an action');
    const badLines = await postAction(central.url, cookie, 'kiosk-a', {
      action: 'logs',
      lines: '100000',
      reason: 'a lot',
    });
    expect(badLines.status).toBe(400);
    expect((await central.store.stationActions.ofTerminal('kiosk-a')).length).toBe(before);
  });
});
