/**
 * Attack (issue #18): remote actions reach a station from the dashboard, so whoever can post the form
 * could take any station out of service, read its logs or look at its screen. Only admins and operators
 * of the station's site may act. A viewer of the site, an operator of another site, a disabled account,
 * a form posted from another site (cross-site request) and a request without a session are refused and
 * send nothing; a station cannot answer (or see) another station's action.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setStaff } from '../../../central/store/staff-accounts.js';
import { centralRoutes } from '../../../shared/central-api.js';
import { postAction, staffCookie } from '../../helpers/staff-cookie.js';
import { placeStationsAndStaff, STAFF_SITES_PIN } from '../../helpers/staff-sites.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const PIN = STAFF_SITES_PIN;
const at = () => new Date().toISOString();
const cookies: Record<string, string> = {};
const form = { action: 'out_of_service', reason: 'closing the library early' };
const rows = async () => (await central.store.stationActions.ofTerminal('kiosk-a')).length;

beforeAll(async () => {
  await placeStationsAndStaff(central.store.sql, [
    ['op-qfs', '88000001', 'operator', ['qianfoshan']],
    ['viewer-qfs', '88000002', 'viewer', ['qianfoshan']],
    ['op-hjl', '88000003', 'operator', ['hongjialou']],
    ['gone', '88000004', 'operator', ['qianfoshan']],
  ]);
  for (const [id, card] of [
    ['op-qfs', '88000001'],
    ['viewer-qfs', '88000002'],
    ['op-hjl', '88000003'],
    ['gone', '88000004'],
  ] as const)
    cookies[id] = await staffCookie(central.url, card, PIN);
});

describe('a remote action from a viewer, another site or another web site', () => {
  it("a viewer of the station's site sees the history but no form, and a posted form is refused", async () => {
    const page = await (
      await fetch(`${central.url}/staff/terminals/kiosk-a`, { headers: { cookie: cookies['viewer-qfs']! } })
    ).text();
    expect(page).toContain('data-testid="no-actions"');
    expect(page).not.toContain('data-testid="action-form"');
    const res = await postAction(central.url, cookies['viewer-qfs']!, 'kiosk-a', form);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('a viewer account reads the dashboard only');
    expect(await rows()).toBe(0);
  });

  it('an operator of another site is refused, as for a station that does not exist; an account disabled since signing in too', async () => {
    const other = await postAction(central.url, cookies['op-hjl']!, 'kiosk-a', form);
    expect(other.status).toBe(403);
    const said = await other.text();
    expect(said).toContain('Refused: you may not act on station kiosk-a.');
    expect(said).not.toContain('qianfoshan');
    const missing = await postAction(central.url, cookies['op-hjl']!, 'no-such-station', form);
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Refused: you may not act on station no-such-station.');
    await setStaff(central.store.sql, 'gone', { enabled: false }, at());
    // A disabled account's session ends: back to the sign-in page, nothing sent.
    expect((await postAction(central.url, cookies['gone']!, 'kiosk-a', form)).status).toBe(303);
    expect((await postAction(central.url, '', 'kiosk-a', form)).status).toBe(303);
    expect(await rows()).toBe(0);
  });

  it("a form posted from another web site with an operator's cookie is refused", async () => {
    const res = await postAction(central.url, cookies['op-qfs']!, 'kiosk-a', form, 'https://evil.example');
    expect(res.status).toBe(403);
    const fetched = await fetch(`${central.url}/staff/terminals/kiosk-a/actions`, {
      method: 'POST',
      headers: {
        cookie: cookies['op-qfs']!,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    expect(fetched.status).toBe(403);
    expect(await rows()).toBe(0);
  });

  it("the station's own operator may act; another station can neither get nor answer the action", async () => {
    const res = await postAction(central.url, cookies['op-qfs']!, 'kiosk-a', form, central.url);
    expect(res.status).toBe(303);
    const [action] = await central.store.stationActions.ofTerminal('kiosk-a');
    expect(action).toMatchObject({ by: 'op-qfs', via: 'dashboard', state: 'pending', reason: form.reason });
    const beat = { terminalTime: at(), outOfService: false, backlog: 0 };
    expect((await central.post(centralRoutes.heartbeat.path, beat, 'kiosk-b')).json).not.toHaveProperty('actions');
    const forged = await central.post(
      centralRoutes.reportActionResult.path,
      { id: action!.id, state: 'refused', outcome: 'forged' },
      'kiosk-b',
    );
    expect(forged.status).toBe(404);
    expect((await central.store.stationActions.byId(action!.id))?.state).toBe('pending');
    // Without a terminal token, nothing is read at all.
    const anon = await fetch(`${central.url}${centralRoutes.reportActionResult.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: action!.id, state: 'done', outcome: 'x' }),
    });
    expect(anon.status).toBe(401);
  });
});
