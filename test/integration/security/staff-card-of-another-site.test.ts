/**
 * Attack (issue #18): any staff card with its PIN opened maintenance mode on every station of the
 * university. Now a station has a site and a staff account a role and sites: an operator's right PIN at
 * a station of another site, a viewer's anywhere and a disabled account's anywhere open nothing and get
 * no staff grant (so no reprint either); the operator's own site's station and an admin's any station
 * open. The dashboard shows an operator only their sites' stations, and no other station's page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setStaff } from '../../../central/store/staff-accounts.js';
import { placeStationsAndStaff, STAFF_SITES_PIN } from '../../helpers/staff-sites.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const PIN = STAFF_SITES_PIN;
const at = () => new Date().toISOString();

beforeAll(async () => {
  await placeStationsAndStaff(central.store.sql, [
    ['op-qfs', '88000001', 'operator', ['qianfoshan']],
    ['viewer-qfs', '88000002', 'viewer', ['qianfoshan']],
    ['admin-1', '88000003', 'admin', []],
    ['gone', '88000004', 'operator', ['qianfoshan']],
  ]);
  await setStaff(central.store.sql, 'gone', { enabled: false }, at());
});

const verify = async (card: string, terminal: 'kiosk-a' | 'kiosk-b') =>
  (await central.post('/v1/staff/verify', { card, pin: PIN }, terminal)).json;

describe('a staff card of another site', () => {
  it("opens maintenance at its own site's station, and nothing (no grant) at another site's", async () => {
    expect(await verify('88000001', 'kiosk-a')).toMatchObject({ ok: true, staff: { id: 'op-qfs' }, grant: {} });
    const refused = await verify('88000001', 'kiosk-b');
    expect(refused).toEqual({ ok: false, refused: 'not_this_site' });
  });

  it('a viewer opens no station, an admin every one, a disabled account none (answered like a wrong PIN)', async () => {
    expect(await verify('88000002', 'kiosk-a')).toEqual({ ok: false, refused: 'not_this_site' });
    expect(await verify('88000003', 'kiosk-b')).toMatchObject({ ok: true, staff: { id: 'admin-1' } });
    expect(await verify('88000004', 'kiosk-a')).toMatchObject({ ok: false, triesLeft: expect.any(Number) });
  });

  it("shows an operator only their sites' stations on the dashboard", async () => {
    const res = await fetch(`${central.url}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams({ card: '88000001', pin: PIN }),
      redirect: 'manual',
    });
    const cookie = /estation_staff=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const page = await (await fetch(`${central.url}/staff`, { headers: { cookie } })).text();
    expect(page).toContain('kiosk-a');
    expect(page).not.toContain('kiosk-b');
    const other = await fetch(`${central.url}/staff/terminals/kiosk-b`, { headers: { cookie } });
    expect(other.status).toBe(404);
    expect((await fetch(`${central.url}/staff/terminals/kiosk-a`, { headers: { cookie } })).status).toBe(200);
    // Disabled: the session opens nothing any more (the sign-in page again).
    await setStaff(central.store.sql, 'op-qfs', { enabled: false }, at());
    const after = await (await fetch(`${central.url}/staff`, { headers: { cookie } })).text();
    expect(after).not.toContain('kiosk-a');
    expect(after).toContain('name="pin"');
  });
});
