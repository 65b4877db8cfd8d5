/// <reference lib="dom" />
/**
 * A station whose card reader is missing: the idle screen's status line says, in the student's
 * language, that cards cannot be read here right now.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startKiosk, type DemoProcess } from '../helpers/demo-process.js';

let kiosk: DemoProcess;

test.beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-reader-'));
  const folders = { dataDir: join(base, 'data'), printsDir: join(base, 'prints') };
  const config = join(base, 'kiosk.json');
  const reader = { type: 'serial', id: 'desk', path: join(base, 'no-such-tty'), protocol: 'rdm6300' };
  writeFileSync(
    config,
    JSON.stringify({ dataDir: folders.dataDir, printer: { type: 'file', dir: folders.printsDir }, readers: [reader] }),
  );
  kiosk = await startKiosk(config, folders);
});
test.afterAll(async () => {
  await kiosk?.stop();
});

test('the idle status line says cards cannot be read here, in both languages', async ({ page }) => {
  await page.goto(kiosk.launchUrl);
  const line = page.getByTestId('status-line');
  await expect(line).toContainText('本机暂时无法读卡');
  await page.getByTestId('language-switch').click();
  await expect(line).toContainText('Cards cannot be read at this station right now');
});
