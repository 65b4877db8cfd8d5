/// <reference lib="dom" />
/**
 * Dashboard sign-in through the university's single sign-on in Chromium: the sign-in page offers the
 * button (axe finds no violations), the browser goes to a test CAS server on loopback and back, and the
 * dashboard opens with the staff member's name. Central is reached as `localhost` and CAS as `127.0.0.1`,
 * two sites, as a campus CAS is: the SameSite=Strict session cookie must still reach the dashboard after
 * the trip. With UPDATE_SCREENSHOTS=1 the sign-in page is saved as docs/screenshots/dashboard-sign-in-sso.png, and the
 * refusal of a CAS user who is not staff as dashboard-sign-in-sso-not-staff.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import { parseCasConfig } from '../../central/staff/cas-config.js';
import { startCasServer, type TestCasServer } from '../helpers/cas-server.js';
import { axeViolations } from './support/axe.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
let cas: TestCasServer;
let central: RunningCentral;
let dir: string;
let publicUrl: string;

/** A port nothing listens on now, for central's public URL (it must be known before central starts). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  cas = await startCasServer();
  dir = mkdtempSync(join(tmpdir(), 'estation-e2e-cas-'));
  const port = await freePort();
  publicUrl = `http://localhost:${port}`;
  central = await startCentralServer({
    dataDir: dir,
    port,
    seedDemo: true,
    cas: { config: parseCasConfig({ url: cas.url }), publicUrl },
  });
});

test.afterAll(async () => {
  await central?.close();
  await cas?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a staff member signs in through the university sign-on and the dashboard opens', async ({ page }) => {
  await page.goto(`${publicUrl}/staff`);
  const button = page.getByTestId('sso-sign-in');
  await expect(button).toContainText('通过统一身份认证登录');
  await expect(button).toContainText('Sign in with university single sign-on');
  await expect(page.getByLabel(/Staff card number/)).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  expect(await axeViolations(page), 'axe on the sign-in page with single sign-on').toEqual([]);
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard-sign-in-sso.png'), animations: 'disabled' });
  }

  cas.user = 'T00001';
  await button.click();
  await page.waitForURL(`${publicUrl}/staff`);
  await expect(page.getByTestId('staff-name')).toHaveText('马建国');
  expect(cas.validations.map((v) => v.service)).toEqual([`${publicUrl}/staff/cas`]);
});

test('a CAS user who is not staff is told to ask the E-station office, and stays signed out', async ({ page }) => {
  cas.user = '202301001';
  await page.goto(`${publicUrl}/staff`);
  await page.getByTestId('sso-sign-in').click();
  await expect(page.getByTestId('login-notice')).toContainText(
    "You are not a staff member of this university's E-station: ask the E-station office.",
  );
  if (process.env.UPDATE_SCREENSHOTS)
    await page.screenshot({ path: join(SHOTS, 'dashboard-sign-in-sso-not-staff.png'), animations: 'disabled' });
  await page.goto(`${publicUrl}/staff`);
  await expect(page.getByTestId('staff-name')).toHaveCount(0);
});
