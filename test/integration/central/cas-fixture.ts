/**
 * A real central (demo people, on loopback) with single sign-on through a test CAS server
 * (test/helpers/cas-server.ts), and the browser's side of the CAS round trip over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalizedText } from '../../../shared/domain.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { parseCasConfig, type CasVersion } from '../../../central/staff/cas-config.js';
import { startCasServer, type CasServerOptions, type TestCasServer } from '../../helpers/cas-server.js';

export interface Answer {
  status: number;
  location: string | null;
  cookie: string | null;
  text: string;
}

export async function startCasCentral(
  casUrl: string,
  version: CasVersion = 3,
  userAttribute?: string,
  timeoutMs?: number,
): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-cas-'));
  const central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    cas: {
      config: parseCasConfig({ url: casUrl, version, ...(userAttribute ? { userAttribute } : {}) }),
      ...(timeoutMs ? { timeoutMs } : {}),
    },
  });
  const close = central.close.bind(central);
  central.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return central;
}

/** Central's callback URL with a ticket from CAS, and the mark cookie the browser got when it pressed the button. */
export interface Callback {
  url: string;
  cookie: string;
}

/** One GET without following redirects: the status, Location, the session cookie set (name=value) and the body. */
export async function get(to: string | Callback, cookie?: string): Promise<Answer> {
  const [url, sent] = typeof to === 'string' ? [to, cookie] : [to.url, to.cookie];
  const res = await fetch(url, { redirect: 'manual', headers: sent ? { cookie: sent } : {} });
  const session = res.headers.getSetCookie().find((c) => /^estation_staff=[^;]+/.test(c));
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookie: session ? session.split(';')[0]! : null,
    text: await res.text(),
  };
}

/** The mark cookie (name=value) a browser gets by pressing the SSO button, as an attacker can for their own browser. */
export async function mark(central: RunningCentral): Promise<string> {
  const start = await fetch(`${central.url}/staff/cas/login`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith('estation_cas_start='));
  if (!cookie) throw new Error('the SSO button set no mark');
  return cookie.split(';')[0]!;
}

/** A browser pressing the SSO button: central's redirect to CAS, CAS's back with a ticket; answers that callback. */
export async function callbackFromCas(central: RunningCentral): Promise<Callback> {
  const start = await fetch(`${central.url}/staff/cas/login`, { redirect: 'manual' });
  const location = start.headers.get('location');
  const mark = start.headers.getSetCookie().find((c) => c.startsWith('estation_cas_start='));
  if (start.status !== 303 || !location || !mark) throw new Error(`no redirect to CAS with a mark: ${start.status}`);
  const login = await get(location);
  if (login.status !== 302 || !login.location) throw new Error(`CAS did not send the browser back: ${login.status}`);
  return { url: login.location, cookie: mark.split(';')[0]! };
}

/** A starter of test CAS servers with a central each, all closed after the file's tests. */
export function casCentrals() {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });
  return async (version: CasVersion = 3, options: CasServerOptions = {}, userAttribute?: string) => {
    const cas = await startCasServer(options);
    closers.push(() => cas.close());
    const central = await startCasCentral(cas.url, version, userAttribute);
    closers.push(() => central.close());
    return { cas, central };
  };
}

/** One CAS server and central for the whole file, set before its tests. */
export function useCasCentral(version: CasVersion = 3, options: CasServerOptions = {}) {
  const start = casCentrals();
  const f = { cas: undefined as unknown as TestCasServer, central: undefined as unknown as RunningCentral };
  beforeAll(async () => Object.assign(f, await start(version, options)));
  return f;
}

/** A refusal: this status, no session cookie, and the message's English line on the page. */
export function expectRefused(r: Answer, status: number, message: LocalizedText): void {
  expect(r.status).toBe(status);
  expect(r.cookie).toBeNull();
  expect(r.text.replace(/&#39;/g, "'")).toContain(message.en);
}
