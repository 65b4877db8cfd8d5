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

export async function startCasCentral(casUrl: string, version: CasVersion = 3): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-cas-'));
  const central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    cas: { config: parseCasConfig({ url: casUrl, version }) },
  });
  const close = central.close.bind(central);
  central.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return central;
}

/** One GET without following redirects: the status, Location, the session cookie set (name=value) and the body. */
export async function get(url: string, cookie?: string): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const set = res.headers.get('set-cookie');
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookie: set && /^estation_staff=[^;]+/.test(set) ? set.split(';')[0]! : null,
    text: await res.text(),
  };
}

/** A browser pressing the SSO button: central's redirect to CAS, CAS's back with a ticket; answers that callback URL. */
export async function callbackFromCas(central: RunningCentral): Promise<string> {
  const start = await get(`${central.url}/staff/cas/login`);
  if (start.status !== 303 || !start.location) throw new Error(`no redirect to CAS: ${start.status}`);
  const login = await get(start.location);
  if (login.status !== 302 || !login.location) throw new Error(`CAS did not send the browser back: ${login.status}`);
  return login.location;
}

/** A starter of test CAS servers with a central each, all closed after the file's tests. */
export function casCentrals() {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });
  return async (version: CasVersion = 3, options: CasServerOptions = {}) => {
    const cas = await startCasServer(options);
    closers.push(() => cas.close());
    const central = await startCasCentral(cas.url, version);
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
