/// <reference lib="dom" />
/**
 * The staff dashboard in Chromium, against a real central server started in-process: two terminals
 * send heartbeats (one healthy, one out of paper with its card reader disconnected), a staff member
 * signs in with the demo staff card, reads the alert summary and each terminal's details, and axe
 * finds no accessibility violations on the sign-in page or the dashboard. With UPDATE_SCREENSHOTS=1
 * the dashboard is saved as docs/screenshots/dashboard.png (1366x768, a common operations laptop).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import { centralRoutes, type TerminalHealth } from '../../shared/central-api.js';
import { axeViolations } from './support/axe.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const STAFF = { card: '9000000001', pin: '246810' };

const healthy: TerminalHealth = {
  printer: {
    state: 'idle',
    acceptingJobs: true,
    conditions: [],
    supplies: [
      { name: 'Black toner', percent: 78 },
      { name: 'Drum', percent: 64 },
    ],
  },
  readers: [{ id: 'hid-0', state: 'connected' }],
  reasons: [],
  templates: [
    { id: 'enrollment-zh', version: '1.2.0' },
    { id: 'transcript-en', version: '1.0.3' },
  ],
};
const outOfPaper: TerminalHealth = {
  printer: {
    state: 'stopped',
    acceptingJobs: false,
    conditions: [
      {
        keyword: 'media-empty',
        severity: 'error',
        message: { zh: '纸盒无纸，请补充 A4 纸', en: 'Out of paper: load A4 paper' },
      },
    ],
    supplies: [
      { name: 'Black toner', percent: 8 },
      { name: 'Drum', percent: 55 },
    ],
  },
  readers: [{ id: 'hid-0', state: 'disconnected' }],
  reasons: [
    { zh: '打印机缺纸', en: 'The printer is out of paper' },
    { zh: '读卡器未连接', en: 'The card reader is not connected' },
  ],
  templates: [{ id: 'enrollment-zh', version: '1.2.0' }],
};

let central: RunningCentral;
let dir: string;

async function heartbeat(terminal: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${central.url}${centralRoutes.heartbeat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens[terminal]}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), backlog: 0, ...body }),
  });
  expect(res.status).toBe(200);
}

/**
 * axe with every WCAG A/AA rule and best practice (support/axe.ts). The dashboard reloads itself
 * every 15 s, which axe's `meta-refresh` rule flags: the page offers to pause it (WCAG 2.2.1 allows a
 * time limit the user can turn off), and the paused page is checked.
 */
async function noAxeViolations(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
}

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-dashboard-e2e-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'library-01', name: '图书馆一楼 Library 1F' },
      { id: 'admin-02', name: '行政楼大厅 Admin Hall' },
    ],
  });
  await heartbeat('library-01', { outOfService: false, health: healthy });
  await heartbeat('admin-02', { outOfService: true, backlog: 2, backlogOldestS: 240, health: outOfPaper });
});

test.afterAll(async () => {
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('staff sign in and see every terminal with its alerts', async ({ page }) => {
  await page.goto(`${central.url}/staff`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('E站 终端监控');
  await noAxeViolations(page, 'sign-in page');

  // A wrong PIN first: the page says so in both languages.
  await page.getByLabel('员工卡号').fill(STAFF.card);
  await page.getByLabel('PIN').fill('000000');
  await page.getByRole('button', { name: /登录/ }).click();
  await expect(page.getByTestId('login-notice')).toContainText('员工卡号或 PIN 不正确');
  await expect(page.getByTestId('login-notice')).toContainText('The staff card number or PIN is wrong');
  await expect(page.getByLabel('员工卡号')).toHaveValue(STAFF.card);
  await noAxeViolations(page, 'sign-in page with an error');

  await page.getByLabel('PIN').fill(STAFF.pin);
  await page.getByRole('button', { name: /登录/ }).click();
  await expect(page).toHaveURL(`${central.url}/staff`);
  await expect(page.getByTestId('staff-name')).toHaveText('马建国');
  // The page reloads itself every 15 s; the checks below run with that paused, so that a slow
  // machine's reload never lands in the middle of them.
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute('content', '15');
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), animations: 'disabled' });
  }
  await page.getByTestId('refresh-toggle').click();
  await expect(page.getByTestId('refresh')).toContainText('自动刷新已暂停');
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

  // out of service, out of paper, reader disconnected; toner 8 %.
  await expect(page.getByTestId('summary-errors')).toContainText('3');
  await expect(page.getByTestId('summary-warnings')).toContainText('1');
  await expect(page.getByTestId('summary-serving')).toContainText('1 / 2');

  const cards = page.getByTestId('terminal');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toHaveAttribute('data-terminal-id', 'admin-02');

  const sick = page.locator('[data-terminal-id="admin-02"]');
  await expect(sick.getByTestId('service')).toContainText('暂停服务');
  await expect(sick.locator('[data-alert-id="admin-02:printer:media-empty"]')).toContainText(
    'Out of paper: load A4 paper',
  );
  await expect(sick.locator('[data-alert-id="admin-02:reader:hid-0"]')).toHaveAttribute('data-severity', 'error');
  await expect(sick.locator('[data-alert-id="admin-02:supply:Black toner"]')).toHaveAttribute(
    'data-severity',
    'warning',
  );
  await expect(sick.locator('[data-alert-id="admin-02:out_of_service"]')).toContainText('打印机缺纸；读卡器未连接');
  await expect(sick.getByTestId('readers')).toContainText('未连接');
  await expect(sick.getByTestId('backlog')).toContainText('2 份待上报');
  await expect(sick.getByTestId('heartbeat')).toContainText(/\d+ 秒前/);
  // Severity colours: errors red, warnings amber.
  const colour = (id: string) =>
    sick.locator(`[data-alert-id="${id}"]`).evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(await colour('admin-02:reader:hid-0')).toBe('rgb(198, 40, 40)');
  expect(await colour('admin-02:supply:Black toner')).toBe('rgb(224, 161, 0)');

  const fine = page.locator('[data-terminal-id="library-01"]');
  await expect(fine.getByTestId('service')).toContainText('正常服务');
  await expect(fine.locator('[data-alert-id]')).toHaveCount(0);
  await expect(fine.getByTestId('printer')).toContainText('空闲');
  await expect(fine.getByTestId('supplies')).toContainText('Black toner 78%');
  await expect(fine.getByTestId('templates')).toContainText('transcript-en');

  // Every axe rule passes with the reload paused (meta-refresh is the one a reloading page breaks).
  await noAxeViolations(page, 'dashboard with auto-refresh paused');
  await page.getByTestId('refresh-toggle').click();
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(1);

  // The session cookie is not readable by scripts, and signing out ends it.
  const [cookie] = await page.context().cookies();
  expect(cookie).toMatchObject({ name: 'estation_staff', httpOnly: true, sameSite: 'Strict', path: '/staff' });
  await page.getByRole('button', { name: /退出登录/ }).click();
  await expect(page.getByLabel('员工卡号')).toBeVisible();
  expect(await page.context().cookies()).toEqual([]);
});
