/**
 * A real central (demo people, on loopback) with single sign-on through a test CAS server
 * (test/helpers/cas-server.ts), and the browser's side of the CAS round trip over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { parseCasConfig, type CasVersion } from '../../../central/staff/cas-config.js';

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
