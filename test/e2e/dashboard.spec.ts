/// <reference lib="dom" />
/**
 * The staff dashboard in Chromium, against a real central server started in-process with a university's
 * 200 simulated stations (central/seed/stations.ts) and two more of our own (one healthy, one out of
 * paper with its card reader disconnected): a staff member signs in with the demo staff card, reads the
 * counts per state, searches, filters by state, alert kind and version with the form, sorts by a
 * column, turns the page, and axe finds no accessibility violations on the sign-in page or the
 * dashboard. Then roles: an operator sees and acts on their site's station only, a viewer reads its
 * page without the remote-actions form. With UPDATE_SCREENSHOTS=1 the table is saved as
 * docs/screenshots/dashboard.png (1366x768, a common operations laptop; the machine has no Chinese
 * font: support/cjk-font.ts adds the kiosk's).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import { BEHIND_VERSION, FLEET_VERSION, sendFleetHeartbeats, simulatedFleet } from '../../central/seed/stations.js';
import { STATION_STATE_IDS } from '../../central/staff/station-states.js';
import { centralRoutes, type TerminalHealth } from '../../shared/central-api.js';
import { addStaff, setTerminalSite } from '../../central/store/staff-accounts.js';
import { hashPin } from '../../lib/pin-hash.js';
import { axeViolations } from './support/axe.js';
import { addCjkFont, settleCjkFont } from './support/cjk-font.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const STAFF = { card: '9000000001', pin: '246810' };
const FLEET = simulatedFleet(200);

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
    body: JSON.stringify({
      terminalTime: new Date().toISOString(),
      backlog: 0,
      software: { version: FLEET_VERSION },
      ...body,
    }),
  });
  expect(res.status).toBe(200);
}

/**
 * axe with every WCAG A/AA rule and best practice (support/axe.ts). The dashboard reloads itself
 * every 15 s, which axe's `meta-refresh` rule flags: the page offers to pause it (WCAG 2.2.1 allows a
 * time limit the user can turn off), and the paused page is checked.
 */
async function noAxeViolations(page: Page, name: string): Promise<void> {
  await settleCjkFont(page, '终端马建国');
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
}

const rows = (page: Page) => page.locator('tbody tr[data-testid="terminal"]');

test.use({ viewport: { width: 1366, height: 768 }, bypassCSP: true });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-dashboard-e2e-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'library-01', name: '图书馆一楼 Library 1F' },
      { id: 'admin-02', name: '行政楼大厅 Admin Hall' },
      ...FLEET.map((s) => ({ id: s.id, name: s.name })),
    ],
  });
  await sendFleetHeartbeats(central.url, central.tokens, FLEET);
  await heartbeat('library-01', { outOfService: false, health: healthy });
  await heartbeat('admin-02', { outOfService: true, backlog: 2, backlogOldestS: 240, health: outOfPaper });
});

test.afterAll(async () => {
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('staff sign in and find stations in a table of 202: counts, search, filters, sort, pages', async ({ page }) => {
  // A dozen page loads of 100 rows, and axe over one of them, on a CI machine shared with other suites.
  test.setTimeout(180_000);
  await addCjkFont(page);
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
  await page.getByTestId('refresh-toggle').click();
  await expect(page.getByTestId('refresh')).toContainText('自动刷新已暂停');
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

  // The counts: every station in exactly one state; the ones never heard from are offline.
  const counts = await Promise.all(
    STATION_STATE_IDS.map(async (s) => Number(await page.getByTestId(`count-${s}`).locator('.n').textContent())),
  );
  expect(counts.reduce((a, b) => a + b, 0)).toBe(202);
  expect(counts[STATION_STATE_IDS.indexOf('offline')]).toBe(FLEET.filter((s) => !s.heartbeat).length);
  // The first page: 100 rows, those needing a person first.
  await expect(rows(page)).toHaveCount(100);
  await expect(page.getByTestId('showing')).toContainText('Showing 1–100 of 202 matching stations (202 in all)');
  await expect(rows(page).first().getByTestId('service')).not.toContainText('正常服务');
  if (process.env.UPDATE_SCREENSHOTS) {
    await page.evaluate(() => {
      // Text laid out while the (large) font was still loading is laid out again with it.
      document.body.style.display = 'none';
      void document.body.offsetHeight;
      document.body.style.display = '';
    });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), animations: 'disabled' });
  }

  // Search by id: admin-02, out of paper and out of service, with each alert in its colour.
  await page.getByLabel('搜索编号或名称').fill('admin-02');
  await page.getByRole('button', { name: /筛选/ }).click();
  await expect(page).toHaveURL(/[?&]q=admin-02/);
  await expect(rows(page)).toHaveCount(1);
  const sick = page.locator('[data-terminal-id="admin-02"]');
  await expect(sick.getByTestId('service')).toContainText('暂停服务');
  // Each alert is a chip named by its kind, its message the chip's tooltip.
  await expect(sick.locator('[data-alert-id="admin-02:printer:media-empty"]')).toHaveText('打印机 Printer');
  await expect(sick.locator('[data-alert-id="admin-02:printer:media-empty"]')).toHaveAttribute(
    'title',
    /Out of paper: load A4 paper/,
  );
  await expect(sick.locator('[data-alert-id="admin-02:reader:hid-0"]')).toHaveAttribute('data-severity', 'error');
  await expect(sick.locator('[data-alert-id="admin-02:out_of_service"]')).toHaveAttribute(
    'title',
    /打印机缺纸；读卡器未连接/,
  );
  await expect(sick.getByTestId('backlog')).toHaveText('2');
  await expect(sick.getByTestId('supplies')).toContainText('8%');
  await expect(sick.getByTestId('heartbeat')).toContainText(/\d+ 秒前/);
  const colour = (id: string) =>
    sick.locator(`[data-alert-id="${id}"]`).evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(await colour('admin-02:reader:hid-0')).toBe('rgb(198, 40, 40)');
  expect(await colour('admin-02:supply:Black toner')).toBe('rgb(224, 161, 0)');
  // The search stays in the box; the paused refresh stays paused.
  await expect(page.getByLabel('搜索编号或名称')).toHaveValue('admin-02');
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

  // Search by name, in Chinese.
  await page.getByLabel('搜索编号或名称').fill('图书馆一楼');
  await page.getByRole('button', { name: /筛选/ }).click();
  const fine = page.locator('[data-terminal-id="library-01"]');
  await expect(rows(page)).toHaveCount(1);
  await expect(fine.getByTestId('service')).toContainText('正常服务');
  await expect(fine.locator('[data-alert-id]')).toHaveCount(0);
  await expect(fine.getByTestId('software')).toHaveText(FLEET_VERSION);

  // Filters: clear, then the stations in service, then those behind the fleet's version.
  await page.getByTestId('clear-filters').click();
  await page.getByLabel('状态 State', { exact: true }).selectOption('online');
  await page.getByRole('button', { name: /筛选/ }).click();
  await expect(page).toHaveURL(/[?&]state=online/);
  const online = counts[STATION_STATE_IDS.indexOf('online')]!;
  await expect(rows(page)).toHaveCount(Math.min(online, 100));
  expect(new Set(await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))).toEqual(
    new Set(['online']),
  );
  await page.getByLabel('状态 State', { exact: true }).selectOption('');
  await page.getByLabel('告警类型').selectOption('version');
  await page.getByRole('button', { name: /筛选/ }).click();
  const behind = FLEET.filter((s) => s.heartbeat?.software.version === BEHIND_VERSION).length;
  await expect(rows(page)).toHaveCount(behind);
  await expect(rows(page).first().getByTestId('software')).toContainText(`${BEHIND_VERSION} 落后`);
  await page.getByLabel('告警类型').selectOption('');
  await page.getByLabel('软件版本').selectOption(BEHIND_VERSION);
  await page.getByRole('button', { name: /筛选/ }).click();
  await expect(rows(page)).toHaveCount(behind);

  // Sort by clock offset from the column heading: the clocks furthest off first, then the other way.
  await page.getByTestId('clear-filters').click();
  await page.getByRole('link', { name: /时钟偏差/ }).click();
  await expect(page.getByRole('columnheader', { name: /时钟偏差/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(page).first().getByTestId('clock')).toContainText(/快 (29\d|30\d) 秒/);
  // The next page keeps the sort.
  await page.getByRole('link', { name: /下一页/ }).click();
  await expect(page).toHaveURL(/sort=clock.*page=2/);
  await expect(page.getByTestId('page')).toContainText('Page 2 of 3');
  await expect(rows(page)).toHaveCount(100);
  await noAxeViolations(page, 'dashboard, sorted, page 2, auto-refresh paused');

  // The session cookie is not readable by scripts, and signing out ends it.
  const [cookie] = await page.context().cookies();
  expect(cookie).toMatchObject({ name: 'estation_staff', httpOnly: true, sameSite: 'Strict', path: '/staff' });
  await page.getByRole('button', { name: /退出登录/ }).click();
  await expect(page.getByLabel('员工卡号')).toBeVisible();
  expect(await page.context().cookies()).toEqual([]);
});

test('roles in the browser: an operator sees and acts on their site only, a viewer reads without acting', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const pin = '135790';
  const at = new Date().toISOString();
  await setTerminalSite(central.store.sql, 'library-01', 'qianfoshan/library');
  await setTerminalSite(central.store.sql, 'admin-02', 'hongjialou/admin');
  for (const [id, card, role] of [
    ['op-1', '9100000001', 'operator'],
    ['vw-1', '9100000002', 'viewer'],
  ] as const)
    await addStaff(central.store.sql, { id, card, name: id, role, sites: ['qianfoshan'], pinHash: hashPin(pin) }, at);
  await addCjkFont(page);
  const signIn = async (card: string) => {
    await page.goto(`${central.url}/staff`);
    await page.getByLabel('员工卡号').fill(card);
    await page.getByLabel('PIN').fill(pin);
    await page.getByRole('button', { name: /登录/ }).click();
    await expect(rows(page).first()).toBeVisible();
  };

  // The operator of qianfoshan: the table holds its one station; another site's page is not found.
  await signIn('9100000001');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('library-01');
  const elsewhere = await page.goto(`${central.url}/staff/terminals/admin-02`);
  expect(elsewhere?.status()).toBe(404);
  await page.goto(`${central.url}/staff/terminals/library-01`);
  await expect(page.getByTestId('action-form')).toBeVisible();
  await page.getByRole('button', { name: /退出登录/ }).click();

  // The viewer of qianfoshan: the same station's page, its history, and no way to act on it.
  await signIn('9100000002');
  await expect(rows(page)).toHaveCount(1);
  await page.goto(`${central.url}/staff/terminals/library-01`);
  await expect(page.getByTestId('action-form')).toHaveCount(0);
  await expect(page.getByTestId('no-actions')).toBeVisible();
  await noAxeViolations(page, 'a station page as a viewer');
});
