/// <reference lib="dom" />
/**
 * The student journey end to end against web mode: tap, documents with quota and fees, the preview of
 * the exact PDF, copies limits, print with live progress, done with serials, then the next student.
 * (This folds in the walking-skeleton test: the PDF, the central report and the kiosk queue are checked too.)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  centralDb,
  kioskDb,
  openPreview,
  openStation,
  setCatalog,
  startStation,
  studentName,
  tapCard,
  withDb,
  type Station,
} from './support/kiosk.js';

let station: Station;

test.beforeAll(async () => {
  station = await startStation();
});
test.afterAll(async () => {
  await station?.stop();
});

test('tap, documents, preview, copies, print, done, then a second student sees nothing of the first', async ({
  page,
}) => {
  await openStation(page, station);
  // The launch code left the address bar (exchanged for the session cookie).
  expect(page.url()).not.toContain('code=');
  const [first, second] = station.students;
  const name = studentName(first!.label);
  // Central withholds one document from enrolled students: the list says why, in the student's terms.
  await setCatalog(station, 'student-status', { statuses: ['suspended'] });

  await tapCard(page, first!.card);
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.getByTestId('greeting')).toContainText(name);
  const enrollment = page.getByTestId('doc-enrollment');
  await expect(enrollment.getByTestId('quota')).toContainText('本学期免费剩余 5 份');
  await expect(enrollment.getByTestId('quota')).toContainText('每次最多 5 份');
  // Page counts arrive once the core has prepared the previews.
  await expect(page.getByTestId('open-enrollment-zh')).toContainText('共 1 页', { timeout: 30_000 });
  await expect(page.getByTestId('doc-student-status').getByTestId('unavailable-reason')).toHaveText(
    '学籍状态为在读，不能打印学籍证明',
  );
  await expect(page.getByTestId('open-student-status-zh')).toHaveCount(0);
  await setCatalog(station, 'student-status', { statuses: ['enrolled', 'suspended'] });

  await openPreview(page);
  await expect(page.getByTestId('placeholder-note')).toContainText('打印时分配');
  // Previewing reserves nothing: no serial, no quota at central.
  expect(withDb(centralDb(station), (db) => db.prepare('SELECT COUNT(*) AS n FROM documents').get())).toEqual({ n: 0 });
  const canvasSize = await page.getByTestId('pdf-page').evaluate((c: HTMLCanvasElement) => c.width * c.height);
  expect(canvasSize).toBeGreaterThan(100_000);
  // Zoom in and out.
  await page.getByTestId('zoom-in').click();
  await expect(page.getByTestId('zoom-level')).toHaveText('150%');
  await page.getByTestId('zoom-out').click();
  await expect(page.getByTestId('zoom-level')).toHaveText('100%');

  // Copies: never below 1, never above the allowed maximum.
  await expect(page.getByTestId('copies-minus')).toBeDisabled();
  for (let i = 0; i < 6; i++)
    if (await page.getByTestId('copies-plus').isEnabled()) await page.getByTestId('copies-plus').click();
  await expect(page.getByTestId('copies-value')).toHaveText('5');
  await expect(page.getByTestId('copies-plus')).toBeDisabled();
  await page.getByTestId('copies-minus').click();
  await page.getByTestId('copies-minus').click();
  await expect(page.getByTestId('copies-value')).toHaveText('3');
  await expect(page.getByTestId('fee-free')).toHaveText('3');
  await expect(page.getByTestId('fee-total')).toHaveText('免费');

  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-printing').or(page.getByTestId('screen-done'))).toBeVisible();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('done-take')).toHaveText('请从出纸口取走您的文件');
  const serial = (await page.getByTestId('serial').first().textContent())!.trim();
  expect(serial).toMatch(/^DU-\d{4}-\d{6}$/);

  // The PDF in the output folder carries the student's name and the serial, three copies.
  const files = readdirSync(station.demo.printsDir).filter((f) => f.endsWith('.pdf'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/\.x3\.pdf$/);
  const text = execFileSync('pdftotext', [join(station.demo.printsDir, files[0]!), '-'], { encoding: 'utf8' });
  expect(text).toContain(name);
  expect(text).toContain(serial);

  // Central and the kiosk queue agree.
  await expect
    .poll(
      () =>
        withDb(centralDb(station), (db) =>
          db.prepare('SELECT status, copies FROM documents WHERE serial = ?').get(serial),
        ),
      { timeout: 30_000 },
    )
    .toEqual({ status: 'printed', copies: 3 });
  await expect
    .poll(
      () =>
        withDb(
          kioskDb(station),
          (db) => (db.prepare('SELECT status FROM jobs WHERE serial = ?').get(serial) as { status: string }).status,
        ),
      { timeout: 30_000 },
    )
    .toBe('confirmed');

  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  await expect(page.getByTestId('greeting')).toHaveCount(0);
  await expect(page.getByTestId('serial')).toHaveCount(0);

  // The second student, right after: their own name and quota, nothing of the first.
  await tapCard(page, second!.card);
  await expect(page.getByTestId('greeting')).toContainText(studentName(second!.label));
  await expect(page.getByTestId('screen-documents')).not.toContainText(name);
  await expect(page.getByTestId('doc-enrollment').getByTestId('quota')).toContainText('本学期免费剩余 5 份');
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();

  // The first student again: the quota went down by three.
  await tapCard(page, first!.card);
  await expect(page.getByTestId('doc-enrollment').getByTestId('quota')).toContainText('本学期免费剩余 2 份');
  await expect(page.getByTestId('doc-enrollment').getByTestId('quota')).toContainText('每次最多 2 份');
  await page.getByTestId('sign-out').click();
  // The next test starts from the idle screen: the click must have reached the station.
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('fees apply only beyond the free quota, in both languages', async ({ page }) => {
  await setCatalog(station, 'enrollment', { free: 1, feeCents: 150, maxCopies: 4 });
  try {
    await openStation(page, station);
    const student = station.students[5]!;
    await tapCard(page, student.card);
    const quota = page.getByTestId('doc-enrollment').getByTestId('quota');
    await expect(quota).toContainText('本学期免费剩余 1 份');
    await expect(quota).toContainText('超出免费份数后每份 ¥1.50');
    await openPreview(page);
    await page.getByTestId('copies-plus').click();
    await page.getByTestId('copies-plus').click();
    await expect(page.getByTestId('copies-value')).toHaveText('3');
    await expect(page.getByTestId('fee-free')).toHaveText('1');
    await expect(page.getByTestId('fee-paid')).toHaveText('2');
    await expect(page.getByTestId('fee-total')).toHaveText('¥3.00');
    await page.getByTestId('copies-plus').click();
    await expect(page.getByTestId('copies-plus')).toBeDisabled();
    await expect(page.getByTestId('copies-limit')).toContainText('4');

    await page.getByTestId('language-switch').click();
    await expect(page.getByTestId('fee-total')).toHaveText(/CN¥4\.50|¥4\.50/);
    await expect(page.getByTestId('confirm-print')).toHaveText('Confirm and print (4)');
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('screen-idle')).toBeVisible();
    // A new session starts in the station's language again.
    await expect(page.getByTestId('language-switch')).toHaveText('English');
  } finally {
    await setCatalog(station, 'enrollment', { free: 5, feeCents: 0, maxCopies: 5 });
  }
});
