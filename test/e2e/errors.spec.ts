/// <reference lib="dom" />
/**
 * Every error screen says what happened and what to do, and returns to a safe screen: an unknown
 * card, the printer out of paper or jammed (said before the student commits), central unreachable,
 * and the free quota used up.
 */
import { expect, test } from '@playwright/test';
import {
  kindQuotas,
  openPreview,
  openStation,
  setCatalog,
  setFaults,
  startStation,
  studentName,
  tapCard,
  type Station,
} from './support/kiosk.js';

let station: Station;

test.beforeAll(async () => {
  station = await startStation();
});
test.afterAll(async () => {
  await station?.stop();
});
test.afterEach(async () => {
  await setFaults(station, { printer: 'ok', central: 'up' });
});

test('an unknown card: "card not recognized", then back to idle', async ({ page }) => {
  await openStation(page, station);
  await page.locator('button.demo-card.unknown').click();
  const notice = page.getByTestId('screen-notice');
  await expect(notice).toHaveAttribute('data-code', 'card_unknown');
  await expect(notice).toContainText('无法识别此卡');
  await expect(notice).toContainText('一卡通服务中心');
  await page.getByTestId('notice-back').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

for (const fault of [
  { printer: 'media-empty', zh: '打印机缺纸', en: 'The printer is out of paper' },
  { printer: 'media-jam', zh: '打印机卡纸', en: 'Paper is jammed in the printer' },
]) {
  test(`${fault.printer}: said on the preview before committing, and at the next tap`, async ({ page }) => {
    await openStation(page, station);
    const student = station.students[1]!;
    await tapCard(page, student.card);
    await openPreview(page);
    await expect(page.getByTestId('confirm-print')).toBeEnabled();

    await setFaults(station, { printer: fault.printer });
    const banner = page.getByTestId('printer-banner');
    await expect(banner).toContainText(fault.zh);
    await expect(banner).toContainText('不会扣除');
    await expect(page.getByTestId('confirm-print')).toBeDisabled();
    await page.getByTestId('language-switch').click();
    await expect(banner).toContainText(fault.en);
    // Nothing reached the printer.
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('screen-idle')).toBeVisible();
    await expect(page.getByTestId('status-line')).toContainText(fault.zh);

    // A student who taps now is told at once, before choosing anything.
    await tapCard(page, student.card);
    const notice = page.getByTestId('screen-notice');
    await expect(notice).toHaveAttribute('data-code', 'out_of_service');
    await expect(page.getByTestId('notice-reasons')).toContainText(fault.zh);
    await page.getByTestId('notice-back').click();
    await expect(page.getByTestId('screen-idle')).toBeVisible();

    await setFaults(station, { printer: 'ok' });
    await expect(page.getByTestId('status-line')).toContainText('打印机就绪');
  });
}

test('paper low: a warning on the status line, students are still served', async ({ page }) => {
  await openStation(page, station);
  await setFaults(station, { printer: 'media-low' });
  await expect(page.getByTestId('status-line')).toHaveAttribute('data-state', 'warn');
  await expect(page.getByTestId('status-line')).toContainText('纸张即将用完');
  await tapCard(page, station.students[5]!.card);
  await openPreview(page);
  await expect(page.getByTestId('printer-banner')).toHaveCount(0);
  await expect(page.getByTestId('confirm-print')).toBeEnabled();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('central unreachable: a clear notice at the tap; the station recovers', async ({ page }) => {
  await openStation(page, station);
  await setFaults(station, { central: 'down' });
  await expect(page.getByTestId('status-line')).toContainText('暂时无法连接学校服务器');
  const student = station.students[2]!;
  await tapCard(page, student.card);
  const notice = page.getByTestId('screen-notice');
  await expect(notice).toHaveAttribute('data-code', 'central_unreachable');
  await expect(notice).toContainText('请几分钟后再试');
  await page.getByTestId('notice-back').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();

  await setFaults(station, { central: 'up' });
  await tapCard(page, student.card);
  await expect(page.getByTestId('greeting')).toContainText(studentName(student.label));
  await page.getByTestId('sign-out').click();
  // The next test starts from the idle screen: the click must have reached the station.
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('central lost after the student committed: progress waits for authorization, then finishes', async ({ page }) => {
  test.setTimeout(240_000);
  await openStation(page, station);
  await tapCard(page, station.students[3]!.card);
  await openPreview(page);
  await setFaults(station, { central: 'down' });
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-printing')).toBeVisible();
  await expect(page.getByTestId('job-state')).toHaveText('正在申请授权');
  await setFaults(station, { central: 'up' });
  // The queue retries authorization with jittered exponential backoff (capped at a minute per wait).
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('serial')).toHaveText(/^DU-/);
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('quota used up: said plainly, then back to idle', async ({ page }) => {
  // Every kind free and used up (kinds are data: however many central offers).
  const saved = await kindQuotas(station);
  for (const k of saved) await setCatalog(station, k.kind, { free: 0, feeCents: 0 });
  try {
    await openStation(page, station);
    await tapCard(page, station.students[4]!.card);
    const notice = page.getByTestId('screen-notice');
    await expect(notice).toHaveAttribute('data-code', 'quota_used_up');
    await expect(notice).toContainText('本学期免费份数已用完');
    await expect(notice).toContainText('教务处');
    await page.getByTestId('notice-back').click();
    await expect(page.getByTestId('screen-idle')).toBeVisible();
  } finally {
    for (const k of saved) await setCatalog(station, k.kind, { free: k.free, feeCents: k.feeCents });
  }
});
