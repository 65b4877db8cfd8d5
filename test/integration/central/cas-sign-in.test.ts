/**
 * Dashboard sign-in through the university's single sign-on (CAS 2.0 and 3.0), real central and a real
 * test CAS server on loopback, over HTTP: the sign-in page's button, the round trip to a staff session
 * that opens the dashboard, and every refusal with its message and no session (replayed ticket, ticket
 * for another service, unknown and deactivated users, CAS down or answering nonsense, a forged ticket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { CAS_MESSAGES } from '../../../central/routes/cas.js';
import type { TestCasServer } from '../../helpers/cas-server.js';
import { callbackFromCas, casCentrals, expectRefused, get, mark, startCasCentral } from './cas-fixture.js';
import { startCasServer } from '../../helpers/cas-server.js';

const casAndCentral = casCentrals();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('single sign-on through CAS 3.0', () => {
  let cas: TestCasServer;
  let central: RunningCentral;
  beforeAll(async () => ({ cas, central } = await casAndCentral(3)));

  it('the sign-in page offers the university sign-on besides card and PIN', async () => {
    const page = await get(`${central.url}/staff`);
    expect(page.text).toContain('data-testid="sso-sign-in"');
    expect(page.text).toContain('href="/staff/cas/login"');
    expect(page.text).toContain('Sign in with university single sign-on');
    expect(page.text).toContain('action="/staff/login"');
  });

  it("the button sends the browser to CAS with central's callback as the service", async () => {
    const start = await get(`${central.url}/staff/cas/login`);
    expect(start.status).toBe(303);
    const to = new URL(start.location!);
    expect(`${to.origin}${to.pathname}`).toBe(`${cas.url}/login`);
    expect(to.searchParams.get('service')).toBe(`${central.url}/staff/cas`);
  });

  it('a staff member signed in at CAS gets a session that opens the dashboard', async () => {
    cas.user = 'T00001';
    const before = cas.validations.length;
    const back = await get(await callbackFromCas(central));
    expect(back.status).toBe(200);
    expect(back.cookie).toMatch(/^estation_staff=.{40,}/);
    // The page moves on by itself (a redirect would lose the SameSite=Strict cookie after CAS).
    expect(back.text).toContain('<meta http-equiv="refresh" content="0;url=/staff">');
    expect(back.text).toContain('马建国');
    // Central asked CAS 3.0, for exactly its own service.
    expect(cas.validations.slice(before)).toEqual([
      { path: '/cas/p3/serviceValidate', service: `${central.url}/staff/cas`, ticket: expect.stringMatching(/^ST-/) },
    ]);
    const dashboard = await get(`${central.url}/staff`, back.cookie!);
    expect(dashboard.text).toContain('data-testid="staff-name">马建国<');
    expect(dashboard.text).toContain('action="/staff/logout"');
  });

  it('a teacher who maintains a station signs in by the work number CAS knows them by', async () => {
    cas.user = '20080031';
    const back = await get(await callbackFromCas(central));
    expect(back.status).toBe(200);
    expect((await get(`${central.url}/staff`, back.cookie!)).text).toContain('data-testid="staff-name">周建华<');
  });

  it('a ticket presented again signs nobody in', async () => {
    cas.user = 'T00001';
    const callback = await callbackFromCas(central);
    expect((await get(callback)).status).toBe(200);
    // From a browser that pressed the button afresh: the ticket itself is what is refused.
    const again = await get({ ...callback, cookie: await mark(central) });
    expectRefused(again, 401, CAS_MESSAGES.ticketRefused);
  });

  it('a ticket CAS issued for another website is refused, saying so', async () => {
    const ticket = cas.issue('T00001', 'https://library.example.edu.cn/login');
    const r = await get(`${central.url}/staff/cas?ticket=${ticket}`, await mark(central));
    expectRefused(r, 401, CAS_MESSAGES.wrongService);
  });

  it('a CAS user who is not on the staff gets "ask the E-station office" and no session', async () => {
    cas.user = '202301001';
    const r = await get(await callbackFromCas(central));
    expectRefused(r, 403, CAS_MESSAGES.notStaff);
    expect(r.text).toContain('ask the E-station office');
  });

  it('the audit records single sign-on sign-ins, with the method, and refusals, with the CAS user', async () => {
    const signIns = await central.store.searchAudit({ scopeSites: null, action: 'staff.sign_in', actor: 'T00001' });
    expect(signIns.rows[0]).toMatchObject({ detail: { method: 'cas' } });
    const refused = await central.store.searchAudit({ scopeSites: null, actor: 'cas:202301001' });
    expect(refused.rows[0]).toMatchObject({
      action: 'staff.sign_in_refused',
      outcome: 'refused',
      reason: 'not a staff member',
    });
  });

  it('a made-up ticket is refused by CAS, and a malformed one never reaches it', async () => {
    const forged = await get(`${central.url}/staff/cas?ticket=ST-1-forgedforgedforged-cas.test`, await mark(central));
    expectRefused(forged, 401, CAS_MESSAGES.ticketRefused);
    const before = cas.validations.length;
    for (const q of [
      '',
      '?ticket=',
      '?ticket=TGT-1-abc',
      '?ticket=ST-1%26service%3Dhttp%3A%2F%2Fevil',
      '?ticket=ST-1&renew=true',
    ])
      expectRefused(await get(`${central.url}/staff/cas${q}`), 400, CAS_MESSAGES.noTicket);
    expect(cas.validations.length).toBe(before);
  });

  it('a deactivated teacher is no longer staff', async () => {
    await central.store.deactivateMissing(new Set(), 'teacher');
    cas.user = '20080031';
    const r = await get(await callbackFromCas(central));
    expectRefused(r, 403, CAS_MESSAGES.notStaff);
  });
});

describe('single sign-on through CAS 2.0', () => {
  it('validates at /serviceValidate and signs the staff member in', async () => {
    const { cas, central } = await casAndCentral(2);
    const back = await get(await callbackFromCas(central));
    expect(back.status).toBe(200);
    expect(cas.validations.map((v) => v.path)).toEqual(['/cas/serviceValidate']);
    expect((await get(`${central.url}/staff`, back.cookie!)).text).toContain('data-testid="staff-name">马建国<');
  });
});

describe('with the staff id in a CAS 3.0 attribute (--cas-user-attribute)', () => {
  it('a CAS login name with the work number in the attribute signs that staff member in', async () => {
    const { cas, central } = await casAndCentral(3, {}, 'employeeNumber');
    cas.user = 'zhoujh';
    cas.attributes = { cn: ['周建华'], employeeNumber: ['20080031'] };
    const back = await get(await callbackFromCas(central));
    expect(back.status).toBe(200);
    expect((await get(`${central.url}/staff`, back.cookie!)).text).toContain('data-testid="staff-name">周建华<');
    // The login name itself is no staff id, even when it looks like one.
    cas.user = '20080031';
    cas.attributes = { cn: ['某学生'] };
    expectRefused(await get(await callbackFromCas(central)), 403, CAS_MESSAGES.notStaff);
    cas.attributes = { employeeNumber: ['20080031', 'T00001'] };
    expectRefused(await get(await callbackFromCas(central)), 403, CAS_MESSAGES.notStaff);
  });
});

describe('when CAS is not there or not itself', () => {
  it('a CAS server that is down: a clear message, card and PIN still offered, no session', async () => {
    const { cas, central } = await casAndCentral(3);
    const callback = await callbackFromCas(central);
    await cas.close();
    const r = await get(callback);
    expectRefused(r, 503, CAS_MESSAGES.casDown);
    expect(r.text).toContain('action="/staff/login"');
  });

  it('a CAS server that never answers: central gives up after its timeout with the same message', async () => {
    const cas = await startCasServer({ answer: 'hang' });
    const central = await startCasCentral(cas.url, 3, undefined, 200);
    closers.push(
      () => central.close(),
      () => cas.close(),
    );
    expectRefused(await get(await callbackFromCas(central)), 503, CAS_MESSAGES.casDown);
  });

  it('a CAS server answering an error page instead of XML: no session', async () => {
    const { central } = await casAndCentral(3, { answer: 'html' });
    const r = await get(await callbackFromCas(central));
    expectRefused(r, 502, CAS_MESSAGES.casUnreadable);
  });
});

describe('without a CAS URL', () => {
  it('there is no sign-on button and no CAS route', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estation-cas-off-'));
    const central = await startCentralServer({ dataDir: dir, port: 0, seedDemo: true });
    closers.push(async () => {
      await central.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect((await get(`${central.url}/staff`)).text).not.toContain('sso-sign-in');
    expect((await get(`${central.url}/staff/cas/login`)).status).toBe(404);
    expect((await get(`${central.url}/staff/cas?ticket=ST-1-abc`)).status).toBe(404);
  });
});
