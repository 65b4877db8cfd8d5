/// <reference lib="dom" />
/**
 * The public verification page in Chromium against a real central on a real SQLite file (issue #15): a
 * printed transcript shows its certified courses, totals and GPA in the document's language and in the
 * other one, passes axe, and is readable on a 375 px wide phone (screenshots in docs/screenshots/verify/);
 * the upload check tells the genuine PDF from a changed one; a document never printed is "not issued"; a
 * tampered payload, an unknown code and a script in the code are refused; the public keys are published.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { createCentralApp } from '../../central/app.js';
import { demoPeople } from '../../central/seed/demo.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { keyIdOf, maskName, signVerification } from '../../lib/verification.js';
import type { StudentRecord } from '../../shared/person-record.js';
import { axeViolations } from './support/axe.js';
import { addCjkFont, settleCjkFont } from './support/cjk-font.js';

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots/verify');
const PHONE = { width: 375, height: 812 };
const PDF = Buffer.from('%PDF-1.7\n% the transcript as the station printed it\n%%EOF\n');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const kid = keyIdOf(publicKey);

let dir = '';
let store: SqliteCentralStore;
let app: FastifyInstance;
let base = '';
const docs = {} as Record<'transcript' | 'enrollment' | 'never', { code: string; serial: string; payload: string }>;
let courseName = '';

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-verify-e2e-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  const people = demoPeople();
  await store.seed(people);
  await store.enrollTerminal('demo-01', 'Library');
  await store.signingKeys.register('demo-01', publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const s = people.find((p) => p.role === 'student' && (p.record as StudentRecord).courses.length > 5)!;
  courseName = (s.record as StudentRecord).courses[0]!.name.zh;
  let n = 0;
  const issue = async (kind: string, language: 'zh' | 'en', printed: boolean) => {
    const jobId = `e2e-${++n}`;
    const auth = await store.authorize('demo-01', { jobId, personId: s.id, kind, language, copies: 1 });
    if (printed)
      await store.report('demo-01', [
        {
          jobId,
          serial: auth.serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: auth.issuedAt,
          fileSha256: createHash('sha256').update(PDF).digest('hex'),
        },
      ]);
    const payload = signVerification(
      {
        serial: auth.serial,
        kind,
        issuedAt: auth.issuedAt,
        expiresAt: '2099-01-01T00:00:00.000Z',
        terminalId: 'demo-01',
        digest: 'cd'.repeat(32),
        holder: maskName(s.name),
        keyId: kid,
      },
      privateKey,
    );
    return { code: auth.verificationCode, serial: auth.serial, payload };
  };
  docs.transcript = await issue('transcript', 'zh', true);
  docs.enrollment = await issue('enrollment', 'en', true);
  docs.never = await issue('enrollment', 'zh', false);
  app = createCentralApp({ store });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

// The test machine has no Chinese system font (a phone has one): the screenshots get the kiosk's Noto Sans
// SC, added past the page's CSP (which allows no fonts: the page needs none of its own).
test.use({ bypassCSP: true });

test.beforeEach(async ({ page }) => {
  await addCjkFont(page);
});

/** Takes a full-page screenshot with Chinese glyphs drawn (support/cjk-font.ts). */
async function shoot(page: Page, name: string) {
  await settleCjkFont(page, '验证');
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

/** Nothing on the page is wider than the phone (wide tables scroll inside their own box). */
async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

test('a printed transcript on a phone: genuine, its courses, totals and GPA, in Chinese and English', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  const d = docs.transcript;
  await page.goto(`${base}/verify/${d.code}?p=${d.payload}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'genuine');
  await expect(page.getByTestId('verdict')).toContainText('二维码电子签名验证通过');
  await expect(page.getByTestId('facts')).toContainText(d.serial);
  await expect(page.getByTestId('content')).toContainText(courseName);
  await expect(page.getByTestId('content')).toContainText('平均学分绩点');
  await fitsThePhone(page);
  expect(await axeViolations(page), 'axe on the Chinese page').toEqual([]);
  await shoot(page, 'transcript-zh-375.png');

  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'genuine');
  await expect(page.getByTestId('content')).toContainText('GPA');
  await fitsThePhone(page);
  expect(await axeViolations(page), 'axe on the English page').toEqual([]);
  await shoot(page, 'transcript-en-375.png');
});

test('an English certificate opens in English, and its statements are shown', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/verify/${docs.enrollment.code}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('content')).toContainText('College');
  await fitsThePhone(page);
  expect(await axeViolations(page)).toEqual([]);
  await shoot(page, 'enrollment-en-375.png');
});

test('the upload check tells the genuine PDF from a changed one', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/verify/${docs.transcript.code}?lang=en`);
  const input = page.locator('#pdf');
  await input.setInputFiles({ name: 'transcript.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-result', 'same');
  await expect(page.getByTestId('check-result')).toContainText('byte for byte');
  const changed = Buffer.from(PDF.toString('latin1').replace('transcript', 'TRANSCRIPT'), 'latin1');
  await input.setInputFiles({ name: 'transcript.pdf', mimeType: 'application/pdf', buffer: changed });
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-result', 'differs');
  expect(await axeViolations(page)).toEqual([]);
  await shoot(page, 'upload-differs-en-375.png');
});

test('a document authorized but never printed is not issued', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/verify/${docs.never.code}?p=${docs.never.payload}`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'not_issued');
  await expect(page.getByTestId('verdict')).not.toContainText('真实有效');
  // Nothing is shown as content "the university issued".
  await expect(page.getByTestId('content')).toHaveCount(0);
  await expect(page.getByTestId('upload')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  await shoot(page, 'not-issued-zh-375.png');
});

test('without JavaScript the status and the content are still shown', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${base}/verify/${docs.transcript.code}`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'genuine');
  await expect(page.getByTestId('content')).toContainText(courseName);
  await context.close();
});

test('a tampered payload, an unknown code and a script in the code are refused', async ({ page }) => {
  const [p, body, sig] = docs.transcript.payload.split('.');
  const forged = `${p}.${Buffer.from(Buffer.from(body!, 'base64url').toString().replace(docs.transcript.serial, 'DU-2026-999999')).toString('base64url')}.${sig}`;
  await page.goto(`${base}/verify/${docs.transcript.code}?p=${forged}`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('verdict')).toContainText('二维码内容被改动或伪造');
  await expect(page.getByTestId('content')).toHaveCount(0);
  const res = await page.goto(`${base}/verify/ZZZZ-ZZZZ-ZZZZ`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'unknown');
  const bad = await page.goto(`${base}/verify/${encodeURIComponent('<script>alert(1)</script>')}`);
  expect(bad?.status()).toBe(400);
  await expect(page.locator('script')).toHaveCount(0);
});

test('the public keys are published, registered station keys included', async ({ request }) => {
  const res = await request.get(`${base}/v1/keys`);
  expect(res.ok()).toBe(true);
  const { keys } = (await res.json()) as { keys: { kid: string; alg: string; publicKey: string }[] };
  expect(keys).toEqual([{ kid, alg: 'Ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') }]);
});
