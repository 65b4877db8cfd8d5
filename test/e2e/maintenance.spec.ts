/// <reference lib="dom" />
/**
 * Maintenance mode: a staff card and the PIN on the keypad; device status, live read test, test print,
 * sync; resolving jobs that need attention (reprint and cancel, with the reason in the audit trail);
 * acknowledging a job central contradicted; maintenance while central is unreachable;
 * and the lockout after too many wrong PINs.
 */
import { readdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  centralDb,
  kioskDb,
  openPreview,
  openStation,
  setFaults,
  STAFF_PIN,
  startStation,
  tapCard,
  withDb,
  type Station,
} from './support/kiosk.js';

let station: Station;

// The kiosk machine's clock zone is not the university's: the staff screens still show Beijing time.
test.use({ timezoneId: 'America/New_York' });
const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(
    new Date(iso),
  );

test.beforeAll(async () => {
  station = await startStation({ ESTATION_STAFF_PIN_ATTEMPTS: '3', ESTATION_STAFF_LOCKOUT_S: '600' });
});
test.afterAll(async () => {
  await station?.stop();
});

async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`pin-${d}`).click();
  await expect(page.getByTestId('pin-dots').locator('span.on')).toHaveCount(pin.length);
  await page.getByTestId('pin-ok').click();
}

async function enterMaintenance(page: Page): Promise<void> {
  await tapCard(page, station.staff[0]!.card);
  await expect(page.getByTestId('screen-staff-pin')).toBeVisible();
  await typePin(page, STAFF_PIN);
  await expect(page.getByTestId('screen-maintenance')).toBeVisible();
}

/** A student prints while the printer "loses" the job: the job ends in needs_attention. */
async function jobThatNeedsAttention(page: Page, student: { card: string }): Promise<void> {
  await setFaults(station, { printer: 'job-lost' });
  await tapCard(page, student.card);
  await openPreview(page);
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('job-error')).toContainText('请联系工作人员');
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  await setFaults(station, { printer: 'ok' });
}

const events = (jobId: string) =>
  withDb(
    kioskDb(station),
    (db) =>
      db.prepare('SELECT to_status, detail FROM job_events WHERE job_id = ? ORDER BY id').all(jobId) as {
        to_status: string;
        detail: string;
      }[],
  );
const job = (jobId: string) =>
  withDb(
    kioskDb(station),
    (db) =>
      db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as {
        status: string;
        person_id: string;
        serial: string;
        created_at: string;
      },
  );

test('staff card + PIN opens maintenance: status, live read test, test print, sync, templates, log', async ({
  page,
}) => {
  await openStation(page, station);
  await enterMaintenance(page);
  await expect(page.getByTestId('staff-name')).toHaveText('马建国');
  await expect(page.getByTestId('printer-state')).toHaveText('就绪');
  await expect(page.getByTestId('templates')).toContainText('enrollment-zh');
  await expect(page.getByTestId('publishing')).toHaveText('未配置发布者密钥：使用内置模板和本机配置');
  await expect(page.getByTestId('log-lines')).toContainText('maintenance mode entered');
  await expect(page.getByTestId('central-state')).toHaveText('在线');
  await expect(page.getByTestId('reader-status')).toHaveText('reader-1: 已连接');
  await expect(page.getByTestId('supply')).toHaveText(/^纸张\s*\d{1,3}%$/);
  await expect(page.getByTestId('backlog')).toHaveText(/^\d+$/);
  // A printer condition shows up while staff watch (the page follows status events).
  await page.getByTestId('fault-media-low').click();
  await expect(page.getByTestId('printer-condition')).toHaveText('纸张即将用完');
  await page.getByTestId('fault-ok').click();
  await expect(page.getByTestId('printer-condition')).toHaveCount(0);

  // Live read test: a card tapped now is shown masked and starts no session.
  const card = station.students[0]!.card;
  await station.api.call('simulateSwipe', { card });
  await expect(page.getByTestId('read-tests')).toContainText(`******${card.slice(-4)}`);
  await expect(page.getByTestId('screen-maintenance')).toBeVisible();

  await page.getByTestId('test-print').click();
  await expect(page.getByTestId('action-result')).toHaveText('测试页已发送到打印机。');
  expect(readdirSync(station.demo.printsDir).some((f) => f.startsWith('test-page-'))).toBe(true);

  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('action-result')).toHaveText('已与学校服务器同步。');

  await page.getByTestId('maintenance-exit').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
  expect(await station.api.call('getMaintenance').catch((e: { code: string }) => e.code)).toBe('not_in_maintenance');
});

test('resolving jobs that need attention: reprint and cancel, with the reason in the audit trail', async ({ page }) => {
  await openStation(page, station);
  await jobThatNeedsAttention(page, station.students[6]!);
  await jobThatNeedsAttention(page, station.students[7]!);
  const stuck = withDb(
    kioskDb(station),
    (db) => db.prepare("SELECT id FROM jobs WHERE status = 'needs_attention' ORDER BY id").all() as { id: string }[],
  ).map((r) => r.id);
  expect(stuck).toHaveLength(2);

  await enterMaintenance(page);
  const cards = page.getByTestId('attention-job');
  await expect(cards).toHaveCount(2);
  const createdAt = job(stuck[0]!).created_at;
  await expect(page.locator(`[data-job="${stuck[0]}"] .head`)).toContainText(hhmm(createdAt, 'Asia/Shanghai'));
  await expect(page.locator(`[data-job="${stuck[0]}"] .head`)).not.toContainText(hhmm(createdAt, 'America/New_York'));

  // Reprint the first: a reason must be chosen first.
  const first = page.locator(`[data-job="${stuck[0]}"]`);
  await expect(first.getByTestId('job-reprint')).toBeDisabled();
  await first.getByTestId('toggle-trail').click();
  await expect(first.getByTestId('audit-trail')).toContainText('needs_attention');
  await first.getByTestId('reason-not_printed').click();
  await first.getByTestId('job-reprint').click();
  await expect(page.getByTestId('action-result')).toHaveText('已提交重新打印，原因已记录。');
  await expect(cards).toHaveCount(1);
  expect(job(stuck[0]!).status).toBe('cancelled');
  const cancelled = (id: string) => events(id).find((e) => e.to_status === 'cancelled')!.detail;
  expect(cancelled(stuck[0]!)).toMatch(/^reprinted as \S+ by staff 马建国: not_printed$/);
  const newId = /reprinted as (\S+)/.exec(cancelled(stuck[0]!))![1]!;
  await expect.poll(() => job(newId).status, { timeout: 30_000 }).toBe('confirmed');
  expect(job(newId).person_id).toBe(job(stuck[0]!).person_id);
  expect(events(newId).some((e) => e.detail === `reprint of ${stuck[0]} requested by staff 马建国: not_printed`)).toBe(
    true,
  );
  // Central charged the student once: the reprint took over the original's free copy.
  const doc = (jobId: string) =>
    withDb(
      centralDb(station),
      (db) =>
        db
          .prepare(
            'SELECT free_copies, charged_cents, status, reprint_of, reprinted_as, person_id FROM documents WHERE job_id = ?',
          )
          .get(jobId) as Record<string, unknown>,
    );
  await expect.poll(() => doc(stuck[0]!).status, { timeout: 30_000 }).toBe('cancelled');
  // The original's free copy went to the reprint: moved (the reprint authorized before the original's
  // cancellation reached central) or given back and reserved again (the cancellation first, as when the
  // reprint waited for its staff grant). Either way the quota count below is exact.
  expect(doc(stuck[0]!)).toMatchObject({ reprinted_as: newId });
  expect(doc(newId)).toMatchObject({ free_copies: 1, charged_cents: 0, status: 'printed', reprint_of: stuck[0] });
  const used = withDb(
    centralDb(station),
    (db) =>
      db
        .prepare("SELECT used FROM quota_used WHERE person_id = ? AND kind = 'enrollment'")
        .get(doc(newId).person_id) as { used: number },
  );
  expect(used.used).toBe(1);

  // Cancel the second: central is told, so the student's quota comes back.
  const second = page.locator(`[data-job="${stuck[1]}"]`);
  await second.getByTestId('reason-student_left').click();
  await second.getByTestId('job-cancel').click();
  await expect(page.getByTestId('no-attention')).toBeVisible();
  expect(job(stuck[1]!).status).toBe('cancelled');
  expect(cancelled(stuck[1]!)).toBe('cancelled by staff 马建国: student_left');
  const serial = job(stuck[1]!).serial;
  await expect
    .poll(
      () =>
        withDb(
          centralDb(station),
          (db) =>
            (db.prepare('SELECT status FROM documents WHERE serial = ?').get(serial) as { status: string }).status,
        ),
      { timeout: 30_000 },
    )
    .toBe('cancelled');

  await page.getByTestId('maintenance-exit').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('a job central contradicted is shown to staff with the reason, and acknowledged with a reason', async ({
  page,
}) => {
  await openStation(page, station);
  await tapCard(page, station.students[8]!.card);
  await openPreview(page);
  await page.getByTestId('confirm-print').click();
  await expect(page.getByTestId('screen-done')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('finish').click();
  const printed = withDb(
    kioskDb(station),
    (db) => db.prepare('SELECT id FROM jobs ORDER BY id DESC LIMIT 1').get() as { id: string },
  ).id;
  await expect.poll(() => job(printed).status, { timeout: 30_000 }).toBe('confirmed');
  // What the kiosk records when central's answer contradicts its own record (see the queue's tests).
  const flag = 'central rejected the printed report: serial_mismatch';
  withDb(kioskDb(station), (db) => db.prepare('UPDATE jobs SET flag = ? WHERE id = ?').run(flag, printed), false);

  await enterMaintenance(page);
  const card = page.locator(`[data-job="${printed}"]`);
  await expect(card.getByTestId('job-flag')).toHaveText(`学校服务器的记录与此任务不符: ${flag}`);
  await expect(card.getByTestId('job-status')).toHaveText('状态：打印完成（confirmed）');
  // A settled job offers no reprint or cancel, only "dealt with", once a reason is chosen.
  await expect(card.getByTestId('job-reprint')).toHaveCount(0);
  await expect(card.getByTestId('job-acknowledge')).toBeDisabled();
  await card.getByTestId('reason-duplicate').click();
  await card.getByTestId('job-acknowledge').click();
  await expect(page.getByTestId('action-result')).toHaveText('已清除标记，原因已记录。');
  await expect(card).toHaveCount(0);
  expect(withDb(kioskDb(station), (db) => db.prepare('SELECT flag FROM jobs WHERE id = ?').get(printed))).toEqual({
    flag: null,
  });
  expect(events(printed).at(-1)!.detail).toBe(`flag acknowledged by staff 马建国: duplicate (was: ${flag})`);
  expect(job(printed).status).toBe('confirmed');
  await page.getByTestId('maintenance-exit').click();
  // The next test starts from the idle screen: the click must have reached the station.
  await expect(page.getByTestId('screen-idle')).toBeVisible();
});

test('central unreachable: a staff card central accepted before still opens maintenance, with the PIN checked here', async ({
  page,
}) => {
  await openStation(page, station);
  await enterMaintenance(page); // online: central accepts the PIN, and the station remembers it
  await page.getByTestId('maintenance-exit').click();
  await setFaults(station, { central: 'down' });
  try {
    await tapCard(page, station.staff[0]!.card);
    await expect(page.getByTestId('screen-staff-pin')).toBeVisible();
    await typePin(page, '000000');
    await expect(page.getByTestId('pin-error')).toHaveText('密码错误，剩余尝试次数：2');
    await typePin(page, STAFF_PIN);
    await expect(page.getByTestId('screen-maintenance')).toBeVisible();
    await expect(page.getByTestId('staff-name')).toHaveText('马建国');
    await expect(page.getByTestId('central-state')).toHaveText('离线');
    await expect(page.getByTestId('log-lines')).toContainText('maintenance mode entered offline');
    await page.getByTestId('maintenance-exit').click();

    // A staff card this station never saw accepted gets no keypad while central is away.
    await tapCard(page, station.staff[1]!.card);
    await expect(page.getByTestId('screen-notice')).toHaveAttribute('data-code', 'central_unreachable');
    await page.getByTestId('notice-back').click();
  } finally {
    await setFaults(station, { central: 'up' });
  }
});

test('wrong PINs: attempts count down, then PIN entry is locked for a while', async ({ page }) => {
  await openStation(page, station);
  await tapCard(page, station.staff[1]!.card);
  await expect(page.getByTestId('pin-attempts')).toHaveText('剩余尝试次数：3');
  await typePin(page, '1111');
  await expect(page.getByTestId('pin-error')).toHaveText('密码错误，剩余尝试次数：2');
  await typePin(page, '2222');
  await expect(page.getByTestId('pin-error')).toHaveText('密码错误，剩余尝试次数：1');
  await typePin(page, '3333');
  const notice = page.getByTestId('screen-notice');
  await expect(notice).toHaveAttribute('data-code', 'staff_locked');
  await expect(notice).toContainText('约 10 分钟');
  await page.getByTestId('notice-back').click();
  await expect(page.getByTestId('screen-idle')).toBeVisible();

  // Even the right card and PIN must wait: the keypad is not offered.
  await tapCard(page, station.staff[0]!.card);
  await expect(notice).toHaveAttribute('data-code', 'staff_locked');
  await expect(page.getByTestId('screen-staff-pin')).toHaveCount(0);
  await page.getByTestId('notice-back').click();
  // Students are still served.
  await tapCard(page, station.students[0]!.card);
  await expect(page.getByTestId('screen-documents')).toBeVisible();
  await page.getByTestId('sign-out').click();
});
