/// <reference lib="dom" />
/**
 * The campus name, logo and colour come from the station's configuration (`branding`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startKiosk, type DemoProcess } from '../helpers/demo-process.js';

let kiosk: DemoProcess;

test.beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-brand-'));
  const folders = { dataDir: join(base, 'data'), printsDir: join(base, 'prints') };
  const logo = join(base, 'logo.svg');
  writeFileSync(
    logo,
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#1d4f91"/></svg>',
  );
  const config = join(base, 'kiosk.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: folders.dataDir,
      printer: { type: 'file', dir: folders.printsDir },
      branding: {
        campusName: { zh: '海港大学 · 东校区E站', en: 'Harbour University · East Campus' },
        primaryColor: '#1d4f91',
        logo,
      },
    }),
  );
  kiosk = await startKiosk(config, folders);
});
test.afterAll(async () => {
  await kiosk?.stop();
});

test('campus name, logo and colour come from the configuration', async ({ page }) => {
  await page.goto(kiosk.launchUrl);
  const idle = page.getByTestId('screen-idle');
  await expect(idle.locator('.campus')).toHaveText('海港大学 · 东校区E站');
  await expect(idle.locator('img.logo')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  const primary = await page.evaluate(() =>
    getComputedStyle(document.querySelector('.app')!).getPropertyValue('--primary').trim(),
  );
  expect(primary.toLowerCase()).toBe('#1d4f91');
  await page.getByTestId('language-switch').click();
  await expect(idle.locator('.campus')).toHaveText('Harbour University · East Campus');
});
