/// <reference lib="dom" />
/**
 * A station's page on the staff dashboard in Chromium (issue #18), against a real central started
 * in-process with 31 days of a station's heartbeats: a staff member signs in, follows the terminal's link,
 * sees its health, version, clock offset, the alerts of the last 30 days and the four history charts, and
 * axe finds no violations. The
 * page is saved as docs/screenshots/station-page.png (the machine has no Chinese font: the kiosk's Noto
 * Sans SC is added past the page's CSP, as in verify-page.spec.ts).
 */
import type { SqliteCentralStore } from '../../central/store/sqlite.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import { centralRoutes } from '../../shared/central-api.js';
import { seedAlertHistory, seedStationHistory, stationHealth } from '../helpers/station-history.js';
import { axeViolations } from './support/axe.js';
import { addCjkFont, settleCjkFont } from './support/cjk-font.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const STAFF = { card: '9000000001', pin: '246810' };

let central: RunningCentral<SqliteCentralStore>;
let dir: string;

test.use({ viewport: { width: 1366, height: 768 }, bypassCSP: true });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-station-e2e-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [{ id: 'library-01', name: '图书馆一楼 Library 1F' }],
    // Alert rounds often enough that the clock alert below is in the history before the page is opened.
    alertIntervalMs: 200,
  });
  seedAlertHistory(central, 'library-01', await seedStationHistory(central, 'library-01'));
  // Its clock 3 minutes slow: a wrong date near midnight, so an alert.
  const res = await fetch(`${central.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens['library-01']}` },
    body: JSON.stringify({
      terminalTime: new Date(Date.now() - 180_000).toISOString(),
      outOfService: false,
      backlog: 0,
      health: stationHealth(20, 30),
      software: { version: '0.1.0' },
    }),
  });
  expect(res.status).toBe(200);
  // The rounds record the clock alert and clear the "never sent a heartbeat" of the first round.
  await expect
    .poll(async () =>
      (await central.store.recentAlerts('library-01', new Date(Date.now() - 3600_000).toISOString()))
        .filter((a) => a.clearedAt === null)
        .map((a) => a.cause),
    )
    .toEqual(expect.arrayContaining(['clock']));
});

test.afterAll(async () => {
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('staff open a station page: health, versions, clock and 30 days of charts', async ({ page }) => {
  await addCjkFont(page);
  await page.goto(`${central.url}/staff/terminals/library-01`);
  // Not signed in: the sign-in page first.
  await expect(page).toHaveURL(`${central.url}/staff`);
  await page.getByLabel('员工卡号').fill(STAFF.card);
  await page.getByLabel('PIN').fill(STAFF.pin);
  await page.getByRole('button', { name: /登录/ }).click();
  await page.getByTestId('station-link').click();
  await expect(page).toHaveURL(`${central.url}/staff/terminals/library-01`);

  await expect(page.getByRole('heading', { level: 1 })).toContainText('图书馆一楼 Library 1F');
  await expect(page.getByTestId('software')).toHaveText('0.1.0');
  await expect(page.getByTestId('clock')).toContainText(/慢 18\d 秒/);
  await expect(page.getByTestId('alerts').locator('[data-alert-id="library-01:clock"]')).toContainText('3 min slow');
  // The alerts of the last 30 days: the clock still on, the jam, out of service and offline cleared.
  const recent = page.getByTestId('recent-alerts');
  await expect(recent.locator('[data-alert-id="library-01:clock"]')).toHaveAttribute('data-open', 'yes');
  for (const id of ['printer:media-jam', 'out_of_service', 'silent'])
    await expect(recent.locator(`[data-alert-id="library-01:${id}"][data-open="no"]`).first()).toBeVisible();
  for (const id of ['chart-service', 'chart-printed', 'chart-levels', 'chart-errors'])
    await expect(page.getByTestId(id)).toBeVisible();
  // Each chart is an image named by its title.
  await expect(page.getByRole('img', { name: '每日打印份数 Documents printed per day' })).toBeVisible();
  await expect(page.getByTestId('chart-service').locator('rect[fill="#9aa5b1"]')).not.toHaveCount(0);

  await settleCjkFont(page, '终端马建国');
  expect(await axeViolations(page), 'axe on the station page').toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'station-page.png'), fullPage: true, animations: 'disabled' });
});
