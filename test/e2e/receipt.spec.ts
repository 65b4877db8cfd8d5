/// <reference lib="dom" />
/**
 * A station with an ESC/POS receipt printer (on a socat pseudo-terminal, as a serial receipt printer
 * is wired): the done screen tells the student to take the receipt too, and the receipt with the
 * document's serial comes out of the serial line. Without a receipt printer the screen does not
 * mention one (journey.spec.ts).
 */
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { connectKioskApi, startKiosk, type DemoProcess, type KioskApiClient } from '../helpers/demo-process.js';
import { createPtyPair, type PtyPair } from '../helpers/pty.js';
import { openPreview, tapCard } from './support/kiosk.js';

let pty: PtyPair;
let kiosk: DemoProcess;
let api: KioskApiClient;
let received = Buffer.alloc(0);

test.beforeAll(async () => {
  pty = await createPtyPair();
  const wire = createReadStream(pty.a);
  wire.on('data', (d) => (received = Buffer.concat([received, d as Buffer])));
  wire.on('error', () => {});
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-receipt-'));
  const folders = { dataDir: join(base, 'data'), printsDir: join(base, 'prints') };
  const config = join(base, 'kiosk.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: folders.dataDir,
      printer: { type: 'file', dir: folders.printsDir },
      receiptPrinter: { type: 'escpos-serial', path: pty.b },
    }),
  );
  kiosk = await startKiosk(config, folders, { ESTATION_DONE_COUNTDOWN_S: '600' });
  api = await connectKioskApi(kiosk.dataDir);
});
test.afterAll(async () => {
  api?.close();
  await kiosk?.stop();
  await pty?.close();
});

test('the done screen says to take the receipt, which carries the serial', async ({ page }) => {
  const { cards } = await api.call<{ cards: { card: string }[] }>('listDemoCards');
  await page.goto(kiosk.launchUrl);
  await tapCard(page, cards[0]!.card);
  await openPreview(page);
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('done-take')).toHaveText('请从出纸口取走您的文件，并取走凭条');
  const serial = (await page.getByTestId('serial').first().textContent())!.trim();
  await expect.poll(() => received.includes(serial), { timeout: 30_000 }).toBe(true);
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});
