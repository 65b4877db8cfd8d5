/// <reference lib="dom" />
/**
 * A teacher at the station: their card opens their own documents (no student documents), an
 * employment certificate with the purpose they pick, the income certificate's figures hidden on screen,
 * and, for a teacher who is also maintenance staff, maintenance mode with their PIN. axe finds nothing
 * on each screen. With UPDATE_SCREENSHOTS=1 the screens are saved under docs/screenshots/teacher/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { openPreview, openStation, startStation, tapCard, type Station } from './support/kiosk.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'teacher');
let station: Station;
test.use({ viewport: { width: 1920, height: 1080 } });
test.beforeAll(async () => {
  station = await startStation();
});
test.afterAll(async () => {
  await station?.stop();
});

async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
  }
}

test('a teacher prints an employment certificate for the purpose they pick, then opens maintenance mode', async ({
  page,
}) => {
  const teacher = station.students.find((c) => c.label.includes('教师 · 兼维护人员'))!;
  expect(teacher, 'the demo has a teacher who is also maintenance staff').toBeDefined();
  await openStation(page, station);
  await tapCard(page, teacher.card);
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.getByTestId('doc-employment-certificate')).toBeVisible();
  await expect(page.getByTestId('doc-income-certificate')).toBeVisible();
  await expect(page.getByTestId('doc-transcript')).toHaveCount(0);
  await expect(page.getByTestId('start-maintenance')).toBeVisible();
  await expect(page.getByTestId('open-employment-certificate-zh')).toContainText('共 1 页', { timeout: 30_000 });
  await check(page, 'documents');

  // The income certificate: figures hidden on screen, and the screen says so.
  await openPreview(page, 'income-certificate', 'zh');
  await expect(page.getByTestId('masked-note')).toContainText('屏幕上已隐去');
  await check(page, 'income-preview');
  await page.getByTestId('preview-back').click();

  await openPreview(page, 'employment-certificate', 'zh');
  const purposes = page.getByTestId('purposes');
  await expect(purposes.getByTestId('purpose-general')).toHaveAttribute('aria-pressed', 'true');
  await purposes.getByTestId('purpose-visa').click();
  await expect(purposes.getByTestId('purpose-visa')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('pdf-preview')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  await check(page, 'employment-preview');

  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('serial')).toHaveText(/^DU-\d{4}-\d{6}$/);
  await check(page, 'done');
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();

  // The same card again, into maintenance mode with the teacher's own PIN.
  await tapCard(page, teacher.card);
  await page.getByTestId('start-maintenance').click();
  await expect(page.getByTestId('screen-staff-pin')).toBeVisible();
  for (const d of '975310') await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await expect(page.getByTestId('screen-maintenance')).toBeVisible();
  await expect(page.getByTestId('screen-maintenance')).toContainText('周建华');
});
