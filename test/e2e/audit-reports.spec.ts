/**
 * The dashboard's audit and reports pages in Chromium (issue #18), against a real central started
 * in-process: an admin signs in (audited), filters the audit to station events, downloads the filtered
 * CSV, opens the month's report and downloads its XLSX; axe finds no violations on either page. Saved as
 * docs/screenshots/audit.png and docs/screenshots/reports.png.
 */
import type { SqliteCentralStore } from '../../central/store/sqlite.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCentralServer, type RunningCentral } from '../../central/server.js';
import { demoPeople } from '../../central/seed/demo.js';
import { revokeDocument } from '../../central/store/document-verification.js';
import { setTerminalSite } from '../../central/store/staff-accounts.js';
import { localDate } from '../../shared/local-date.js';
import { axeViolations } from './support/axe.js';
import { settleCjkFont, addCjkFont } from './support/cjk-font.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const STAFF = { card: '9000000001', pin: '246810' };
const TERMINALS = [
  { id: 'library-01', name: '图书馆一楼 Library 1F', site: 'qianfoshan/library' },
  { id: 'law-02', name: '法学院 Law School', site: 'hongjialou/law' },
];

let central: RunningCentral<SqliteCentralStore>;
let dir: string;

test.use({ viewport: { width: 1366, height: 768 }, bypassCSP: true, acceptDownloads: true });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-audit-e2e-'));
  central = await startCentralServer({ dataDir: dir, port: 0, seedDemo: true, terminals: TERMINALS });
  const store = central.store;
  for (const t of TERMINALS) await setTerminalSite(store.sql, t.id, t.site);
  // The enrollments are audited already.
  expect((await store.searchAudit({ scopeSites: null, action: 'station.enrolled' })).total).toBe(2);
  const enrolled = demoPeople().filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
  for (const [i, t] of TERMINALS.entries())
    for (let n = 0; n < 3; n++) {
      const job = {
        jobId: `${t.id}-${n}`,
        personId: enrolled[n + i]!.id,
        kind: 'enrollment' as const,
        language: n ? ('zh' as const) : ('en' as const),
        copies: 1,
      };
      const a = await store.authorize(t.id, job);
      const outcome = n === 2 && i === 1 ? 'failed' : 'printed';
      await store.report(t.id, [
        { jobId: job.jobId, serial: a.serial, outcome, pages: 1, copies: 1, finishedAt: new Date().toISOString() },
      ]);
      if (n === 1 && i === 0)
        await revokeDocument(store.sql, a.serial, '学生证件遗失 Lost', 'os:registrar', new Date().toISOString());
    }
  await store.issueStaffGrant('library-01', 'T00001');
  await store.recordAudit({
    actor: 'T00001',
    action: 'station.action.sync',
    terminalId: 'law-02',
    reason: '模板更新 Templates updated',
  });
});

test.afterAll(async () => {
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an admin searches the audit, exports it, and downloads the month report', async ({ page }) => {
  await addCjkFont(page);
  await page.goto(`${central.url}/staff/audit`);
  await expect(page).toHaveURL(`${central.url}/staff`);
  await page.getByLabel('员工卡号').fill(STAFF.card);
  await page.getByLabel('PIN').fill(STAFF.pin);
  await page.getByRole('button', { name: /登录/ }).click();
  await page.getByRole('link', { name: /审计/ }).click();
  await expect(page).toHaveURL(`${central.url}/staff/audit`);
  await expect(page.getByTestId('audit-row').first()).toContainText('staff.sign_in');

  await page.getByLabel(/操作 Action/).selectOption('station.');
  await page.getByRole('button', { name: /筛选/ }).click();
  await expect(page).toHaveURL(/action=station\./);
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toContainText('station.action.sync');
  await expect(rows.filter({ hasText: 'station.maintenance_opened' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'document.revoked' })).toHaveCount(0);
  await settleCjkFont(page, '审计报表终端');
  expect(await axeViolations(page), 'axe on the audit page').toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true, animations: 'disabled' });

  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await csv;
  expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).toContain('station.action.sync');
  expect(text).not.toContain('document.revoked');

  await page.getByRole('link', { name: /报表/ }).click();
  const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);
  await page.getByRole('textbox', { name: '月份 Month' }).fill(month);
  await page.getByRole('button', { name: /查看/ }).click();
  await expect(page.getByTestId('report-table-0')).toContainText('qianfoshan/library');
  await expect(page.getByTestId('report-table-2')).toContainText('law-02');
  await settleCjkFont(page, '审计报表终端');
  expect(await axeViolations(page), 'axe on the reports page').toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'reports.png'), fullPage: true, animations: 'disabled' });
  const xlsx = page.waitForEvent('download');
  await page.getByTestId('report-xlsx').click();
  expect((await xlsx).suggestedFilename()).toBe(`report-${month}.xlsx`);
});
