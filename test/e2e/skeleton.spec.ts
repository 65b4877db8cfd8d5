/**
 * The walking skeleton, end to end: a simulated card tap in Chromium against web mode, through
 * central, rendering, the file printer, the SQLite queue and the report, to the done screen.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { startDemo, type DemoProcess } from '../helpers/demo-process.js';

let demo: DemoProcess;

test.beforeAll(async () => {
  demo = await startDemo();
});
test.afterAll(async () => {
  await demo?.stop();
});

test('tap, choose the enrollment certificate, print, done, back to idle', async ({ page }) => {
  await page.goto(demo.launchUrl);
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  // The token left the address bar once the page had it.
  expect(page.url()).not.toContain('token=');

  await page.locator('button.demo-card').first().click();
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.getByTestId('greeting')).toContainText('李明轩');

  await page.getByTestId('print-enrollment-zh').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 20_000 });
  const serial = (await page.getByTestId('serial').first().textContent())!.trim();
  expect(serial).toMatch(/^DU-\d{4}-\d{6}$/);

  // The PDF in the output folder carries the student's name and the serial.
  const files = readdirSync(demo.printsDir).filter((f) => f.endsWith('.pdf'));
  expect(files).toHaveLength(1);
  const text = execFileSync('pdftotext', [join(demo.printsDir, files[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain('李明轩');
  expect(text).toContain(serial);

  // The job is confirmed in the central store and in the kiosk queue.
  await expect
    .poll(() => {
      const db = new Database(join(demo.dataDir, 'central', 'central.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT status, report_count FROM documents WHERE serial = ?').get(serial);
      } finally {
        db.close();
      }
    })
    .toEqual({ status: 'printed', report_count: 1 });
  await expect
    .poll(() => {
      const db = new Database(join(demo.dataDir, 'kiosk.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT status FROM jobs WHERE serial = ?').get(serial) as { status: string }).status;
      } finally {
        db.close();
      }
    })
    .toBe('confirmed');

  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  // The student's session is gone (the demo card buttons still name the demo students).
  await expect(page.getByTestId('greeting')).toHaveCount(0);
  await expect(page.getByTestId('serial')).toHaveCount(0);
});

test('an unknown card gets a clear message and the station returns to idle', async ({ page }) => {
  await page.goto(demo.launchUrl);
  await page.locator('button.demo-card.unknown').click();
  const notice = page.getByTestId('screen-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('data-code', 'card_unknown');
  await expect(notice).toContainText('无法识别此卡');
  await page.getByTestId('notice-back').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});
