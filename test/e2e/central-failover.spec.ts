/// <reference lib="dom" />
/**
 * A station with two central addresses, the first of which nobody listens on: staff see on the
 * maintenance screen that the station is online through the second, and which address that is.
 * The screen is saved as docs/screenshots/maintenance-failover.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { demoPeople } from '../../central/seed/demo.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { connectKioskApi, startKiosk, type DemoProcess } from '../helpers/demo-process.js';
import { startCentralProcess, type CentralProcess } from '../helpers/central-process.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const staff = demoPeople().find((p) => p.role === 'staff' && p.pin)!;
let central: CentralProcess;
let kiosk: DemoProcess;

test.beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-failover-'));
  const centralData = join(base, 'central');
  const store = await SqliteCentralStore.open(join(centralData, 'central.sqlite'));
  const token = await store.enrollTerminal('lib-east-01', 'Library East');
  await store.close();
  central = await startCentralProcess(centralData, ['--demo']);
  // The first address: a port nobody listens on any more (a central machine that is gone).
  const gone = createServer();
  await new Promise<void>((res) => gone.listen(0, '127.0.0.1', res));
  const deadUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise((res) => gone.close(res));
  const config = join(base, 'kiosk.json');
  writeFileSync(
    config,
    JSON.stringify({
      terminal: { id: 'lib-east-01', name: 'Library East' },
      central: { url: [deadUrl, central.url], token, timeoutMs: 10_000, heartbeatS: 1 },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
      demoCards: [{ card: staff.card, label: staff.name }],
    }),
  );
  kiosk = await startKiosk(config, { dataDir: join(base, 'kiosk'), printsDir: join(base, 'prints') });
});
test.afterAll(async () => {
  await kiosk?.stop();
  await central?.stop();
});

test('the maintenance screen says the station is online through the second central address, and names it', async ({
  page,
}) => {
  const api = await connectKioskApi(kiosk.dataDir);
  try {
    await expect
      .poll(async () => (await api.call<{ centralUrl?: string }>('getStatus')).centralUrl, { timeout: 30_000 })
      .toBe(central.url);
  } finally {
    api.close();
  }
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(kiosk.launchUrl);
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  await page.locator(`button.demo-card[data-card="${staff.card}"]`).click();
  await expect(page.getByTestId('screen-staff-pin')).toBeVisible();
  for (const d of staff.pin!) await page.getByTestId(`pin-${d}`).click();
  await page.getByTestId('pin-ok').click();
  await expect(page.getByTestId('screen-maintenance')).toBeVisible();
  await expect(page.getByTestId('central-state')).toHaveText('在线');
  await expect(page.getByTestId('central-url')).toHaveText(central.url);
  await page.screenshot({ path: join(SHOTS, 'maintenance-failover.png'), animations: 'disabled' });
});
