/// <reference lib="dom" />
/**
 * The campus-card balance on the documents screen (issue #17): a station at a central that charges through
 * the campus-card service (both real processes or servers, started here) shows the student what their card
 * has available after the tap, and after a print with a paid copy the done screen says what each document
 * cost and what was charged in all. Saved as docs/screenshots/documents-balance.png and done-charged.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCampusCardServer, type CampusCardServer } from '../../campus-card/server.js';
import { demoPeople } from '../../central/seed/demo.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { startKiosk, type DemoProcess } from '../helpers/demo-process.js';
import { startCentralProcess, type CentralProcess } from '../helpers/central-process.js';
import { openPreview } from './support/kiosk.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const TOKEN = 'e2e-balance-token-0123456789';
const student = demoPeople().find((p) => p.role === 'student' && p.record?.status === 'enrolled')!;
let card: CampusCardServer;
let central: CentralProcess;
let kiosk: DemoProcess;

test.beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-balance-'));
  card = await startCampusCardServer({ dataDir: join(base, 'card'), token: TOKEN });
  card.ledger.topUp(student.id, 1234, 'e2e-balance');
  const tokenFile = join(base, 'card-token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const centralData = join(base, 'central');
  const store = await SqliteCentralStore.open(join(centralData, 'central.sqlite'));
  const token = await store.enrollTerminal('lib-east-01', 'Library East');
  await store.close();
  central = await startCentralProcess(centralData, [
    '--demo',
    '--payments',
    'campus-card',
    '--campus-card-url',
    card.url,
    '--campus-card-token-file',
    tokenFile,
  ]);
  const config = join(base, 'kiosk.json');
  writeFileSync(
    config,
    JSON.stringify({
      terminal: { id: 'lib-east-01', name: 'Library East' },
      central: { url: central.url, token, timeoutMs: 10_000, heartbeatS: 5 },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
      demoCards: [{ card: student.card, label: student.name }],
    }),
  );
  kiosk = await startKiosk(
    config,
    { dataDir: join(base, 'kiosk'), printsDir: join(base, 'prints') },
    { ESTATION_DONE_COUNTDOWN_S: '600' },
  );
});
test.afterAll(async () => {
  await kiosk?.stop();
  await central?.stop();
  await card?.close();
});

test('after the tap the documents screen shows the balance; the done screen what was charged', async ({ page }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(kiosk.launchUrl);
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  await page.locator(`button.demo-card[data-card="${student.card}"]`).click();
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('校园卡可用余额：¥12.34');
  await page.screenshot({ path: join(SHOTS, 'documents-balance.png'), animations: 'disabled' });

  // Three transcripts: the term's two free copies and one paid (¥2.00).
  await openPreview(page, 'transcript', 'zh');
  await page.getByTestId('copies-plus').click();
  await page.getByTestId('copies-plus').click();
  await expect(page.getByTestId('fee-total')).toHaveText('¥2.00');
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('job-charged')).toHaveText('费用：¥2.00');
  await expect(page.getByTestId('done-total')).toHaveText('本次共扣费 ¥2.00');
  await page.screenshot({ path: join(SHOTS, 'done-charged.png'), animations: 'disabled' });
  // What the screen says is what the card lost (central captures in the background, once printed).
  await expect.poll(() => card.ledger.account(student.id).balanceCents, { timeout: 30_000 }).toBe(1234 - 200);
});
