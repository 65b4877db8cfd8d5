/// <reference lib="dom" />
/**
 * Ending a session wipes every trace of the student: the idle timeout with its "Still there?"
 * countdown, the done screen's countdown, and a new card. Afterwards the page, its storage and the
 * browser's back action show nothing of the previous student.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  openPreview,
  openStation,
  setFaults,
  startStation,
  storageDump,
  studentName,
  tapCard,
  type Station,
} from './support/kiosk.js';

/**
 * Short idle timeouts, for the idle tests only (the others get time enough on any machine): still
 * long enough that a slow machine renders the preview before the session times out under it.
 */
let idleStation: Station;
test.describe.configure({ timeout: 120_000 });
let station: Station;

test.beforeAll(async () => {
  idleStation = await startStation({ ESTATION_IDLE_TIMEOUT_S: '12', ESTATION_STILL_THERE_S: '10' });
  station = await startStation({ ESTATION_IDLE_TIMEOUT_S: '600', ESTATION_DONE_COUNTDOWN_S: '6' });
});
test.afterAll(async () => {
  await idleStation?.stop();
  await station?.stop();
});

async function expectNoTrace(page: Page, name: string, on: Station = station): Promise<void> {
  // The countdowns run out first (up to 22 s), hence the generous wait.
  await expect(page.getByTestId('screen-idle')).toBeVisible({ timeout: 40_000 });
  // The name may still be on a demo card button; nowhere else.
  const text = await page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.demo').forEach((e) => e.remove());
    return clone.innerText;
  });
  expect(text).not.toContain(name);
  await expect(page.locator('canvas')).toHaveCount(0);
  await expect(page.getByTestId('pdf-preview')).toHaveCount(0);
  expect(await storageDump(page)).toBe('');
  // "Back" stays in the app and shows no earlier screen.
  await page.goBack().catch(() => undefined);
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  await expect(page.getByTestId('greeting')).toHaveCount(0);
  // The core forgot the session too.
  expect(await on.api.call<{ state: string }>('getSession')).toEqual({ state: 'idle' });
}

test('idle timeout: "Still there?" counts down, then the session and its PDF are wiped', async ({ page }) => {
  await openStation(page, idleStation);
  const student = idleStation.students[0]!;
  const name = studentName(student.label);
  await tapCard(page, student.card);
  await openPreview(page);
  await expect(page.getByTestId('screen-preview')).toContainText('在读证明');

  const prompt = page.getByTestId('still-there');
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expect(prompt).toContainText('您还在吗');
  await expect(page.getByTestId('still-there-count')).toHaveText(/^([1-9]|10)$/);
  await expectNoTrace(page, name, idleStation);
});

test('"I am still here" keeps the session', async ({ page }) => {
  await openStation(page, idleStation);
  const student = idleStation.students[1]!;
  await tapCard(page, student.card);
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.getByTestId('still-there')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('still-here').click();
  await expect(page.getByTestId('still-there')).toHaveCount(0);
  await expect(page.getByTestId('greeting')).toContainText(studentName(student.label));
  await page.getByTestId('sign-out').click();
  await expectNoTrace(page, studentName(student.label), idleStation);
});

test('a student who walks away while the station waits for central is signed out too', async ({ page }) => {
  await openStation(page, idleStation);
  const student = idleStation.students[5]!;
  await tapCard(page, student.card);
  await openPreview(page);
  await setFaults(idleStation, { central: 'down' });
  try {
    await page.getByTestId('confirm-print').click();
    await expect(page.getByTestId('job-state')).toHaveText('正在申请授权');
    await expect(page.getByTestId('still-there')).toBeVisible({ timeout: 20_000 });
    await expectNoTrace(page, studentName(student.label), idleStation);
  } finally {
    await setFaults(idleStation, { central: 'up' });
  }
});

test('the done screen signs out by itself', async ({ page }) => {
  await openStation(page, station);
  const student = station.students[2]!;
  await tapCard(page, student.card);
  await openPreview(page);
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('countdown')).toContainText('秒后自动退出');
  await expectNoTrace(page, studentName(student.label));
});

test('a new card replaces the current student at once', async ({ page }) => {
  await openStation(page, station);
  const [a, b] = [station.students[3]!, station.students[4]!];
  await tapCard(page, a.card);
  await openPreview(page);
  await station.api.call('simulateSwipe', { card: b.card });
  await expect(page.getByTestId('greeting')).toContainText(studentName(b.label));
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await expect(page.locator('canvas')).toHaveCount(0);
  const text = await page.locator('main').innerText();
  expect(text).not.toContain(studentName(a.label));
  await page.getByTestId('sign-out').click();
  await expectNoTrace(page, studentName(b.label));
});

test('nothing in the UI leaves the app: no context menu, no selection, no new window', async ({ page }) => {
  await openStation(page, station);
  const blocked = await page.evaluate(() => {
    const ctx = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(ctx);
    const sel = new Event('selectstart', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(sel);
    return {
      contextMenu: ctx.defaultPrevented,
      select: sel.defaultPrevented,
      open: window.open('https://example.org') === null,
      userSelect: getComputedStyle(document.body).userSelect,
    };
  });
  expect(blocked).toEqual({ contextMenu: true, select: true, open: true, userSelect: 'none' });
  await expect(page.locator('a[href]')).toHaveCount(0);
  await expect(page.locator('input, textarea, [contenteditable]')).toHaveCount(0);
});
