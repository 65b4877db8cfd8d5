/**
 * Attack: a CAS ticket issued for another campus website (where the staff member signed in too, and
 * whose operator, logs or Referer leak it) is presented to central's dashboard to sign in as them, with
 * that website's name in the Host, X-Forwarded-Host and X-Forwarded-Proto headers so that a central
 * building its service URL from the request would name the other site to CAS. Central names only its
 * configured public URL, so CAS refuses the ticket (INVALID_SERVICE) and the page says it was meant for
 * another website.
 */
import { request } from 'node:http';
import { expect, it } from 'vitest';
import { CAS_MESSAGES } from '../../../central/routes/cas.js';
import { mark, useCasCentral } from '../central/cas-fixture.js';

const OTHER_SITE = 'https://library.example.edu.cn/staff/cas';
const f = useCasCentral();

/** A GET with headers fetch will not send (Host). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; cookie: string | undefined; text: string }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += String(d)));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          cookie: res.headers['set-cookie']?.find((c) => c.startsWith('estation_staff=')),
          text,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

it('a ticket for another website does not sign in, whatever the request says its host is', async () => {
  const ticket = f.cas.issue('T00001', OTHER_SITE);
  const r = await rawGet(`${f.central.url}/staff/cas?ticket=${ticket}`, {
    host: 'library.example.edu.cn',
    'x-forwarded-host': 'library.example.edu.cn',
    'x-forwarded-proto': 'https',
    cookie: await mark(f.central),
  });
  expect(r.status).toBe(401);
  expect(r.cookie).toBeUndefined();
  expect(r.text.replace(/&#39;/g, "'")).toContain(CAS_MESSAGES.wrongService.en);
  expect(f.cas.validations.at(-1)?.service).toBe(`${f.central.url}/staff/cas`);
});

it("the button names central's own address to CAS, whatever the request says its host is", async () => {
  const r = await new Promise<string | undefined>((resolve, reject) => {
    const req = request(`${f.central.url}/staff/cas/login`, { headers: { host: 'evil.example.com' } }, (res) => {
      res.resume();
      resolve(res.headers.location);
    });
    req.on('error', reject);
    req.end();
  });
  expect(new URL(r!).searchParams.get('service')).toBe(`${f.central.url}/staff/cas`);
});
