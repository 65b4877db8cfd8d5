/// <reference lib="dom" />
/**
 * Remote actions round trip in Chromium (issue #18): a REAL web-mode station (`estation demo --web`, its
 * built-in central in the same process, heartbeat every 5 s) and its staff dashboard. A staff member
 * takes the station out of service from its dashboard page, the kiosk page shows it paused, then puts it
 * back; with a student signed in at the kiosk, a screenshot is refused (privacy). The history says so,
 * axe finds no violations, and the page is saved as docs/screenshots/remote-actions.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { addCjkFont, settleCjkFont } from './support/cjk-font.js';
import { openStation, STAFF_PIN, startStation, tapCard, type Station } from './support/kiosk.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let station: Station;

test.use({ bypassCSP: true });
test.beforeAll(async () => {
  station = await startStation();
});
test.afterAll(async () => {
  await station?.stop();
});

/** Sends an action from the station's page and reloads the page until the station's answer shows. */
async function act(page: Page, action: string, reason: string, state: string): Promise<void> {
  await page.getByLabel('操作 Action').selectOption(action);
  await page.getByLabel('原因（必填） Reason (required)').fill(reason);
  await page.getByRole('button', { name: /发送到终端/ }).click();
  await page.waitForURL(/asked=/);
  const id = /asked=([0-9a-f-]{36})/.exec(page.url())![1]!;
  const row = page.locator(`tr[data-action-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveAttribute('data-state', state, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
}

test('staff take a real web-mode station out of service and back; a screenshot is refused while a student is signed in', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const centralUrl = /Central server \(built-in, demo data\): (\S+)/.exec(station.demo.output())![1]!;
  const kiosk = await context.newPage();
  await openStation(kiosk, station);

  await addCjkFont(page);
  await page.goto(`${centralUrl}/staff`);
  await page.getByLabel('员工卡号').fill(station.staff[0]!.card);
  await page.getByLabel('PIN').fill(STAFF_PIN);
  await page.getByRole('button', { name: /登录/ }).click();
  await page.getByTestId('station-link').first().click();
  await expect(page.getByTestId('action-history-empty')).toBeVisible();

  await act(page, 'out_of_service', 'Library closes early today', 'done');
  await expect(kiosk.locator('section.tap.paused')).toBeVisible({ timeout: 30_000 });
  await act(page, 'back_in_service', 'Library open again', 'done');
  await expect(kiosk.locator('section.tap.paused')).toHaveCount(0, { timeout: 30_000 });

  // A student signs in at the kiosk: the screen shows their name and documents.
  await tapCard(kiosk, station.students[0]!.card);
  await expect(kiosk.getByTestId('screen-documents')).toBeVisible();
  await act(page, 'screenshot', 'Checking what the screen shows', 'refused');
  await expect(page.getByTestId('action-history')).toContainText(
    'no screenshot is taken while someone uses it (privacy)',
  );
  await expect(page.getByTestId('screenshot-link')).toHaveCount(0);

  await settleCjkFont(page, '终端远程操作');
  expect(await axeViolations(page), 'axe on the station page with remote actions').toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'remote-actions.png'), fullPage: true, animations: 'disabled' });
});
