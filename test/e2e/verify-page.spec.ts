/// <reference lib="dom" />
/**
 * The public verification page in Chromium: a genuine code, a code with a tampered QR payload, an
 * unknown code, and the published keys, with the page's record lookup stubbed.
 */
import { generateKeyPairSync } from 'node:crypto';
import { expect, test } from '@playwright/test';
import Fastify, { type FastifyInstance } from 'fastify';
import { verifyRoutes, type VerifyRecord } from '../../central/routes/verify.js';
import { keyIdOf, signVerification } from '../../lib/verification.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const kid = keyIdOf(publicKey);
const issuedAt = new Date(Date.now() - 86_400_000).toISOString();
const record: VerifyRecord = {
  serial: 'DU-2026-000123',
  kind: 'enrollment',
  language: 'zh',
  issuedAt,
  terminalId: 'demo-01',
  status: 'printed',
  maskedName: '李*轩',
  // Central gives the kind's titles with the record (kinds are data).
  title: { zh: '在读证明', en: 'Certificate of Enrollment' },
};
const records = new Map([
  ['7KQ3-M9XD-2PLA', record],
  ['CANC-ELED-0001', { ...record, serial: 'DU-2026-000124', status: 'cancelled' }],
]);
const payload = signVerification(
  {
    serial: record.serial,
    kind: 'enrollment',
    issuedAt: record.issuedAt,
    expiresAt: '2099-01-01T00:00:00.000Z',
    terminalId: 'demo-01',
    digest: 'cd'.repeat(32),
    holder: '李*轩',
    keyId: kid,
  },
  privateKey,
);

let app: FastifyInstance;
let base = '';

test.beforeAll(async () => {
  app = Fastify();
  await app.register(verifyRoutes, {
    lookup: async (code) => records.get(code) ?? null,
    keys: [{ kid, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string }],
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
test.afterAll(async () => {
  await app?.close();
});

test('a genuine document with a valid signed QR payload', async ({ page }) => {
  await page.goto(`${base}/verify/7KQ3-M9XD-2PLA?p=${payload}`);
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-state', 'genuine');
  await expect(verdict).toContainText('真实有效');
  await expect(verdict).toContainText('digital signature is valid');
  await expect(page.getByTestId('facts')).toContainText('DU-2026-000123');
  await expect(page.getByTestId('facts')).toContainText('李*轩');
  await expect(page.getByTestId('facts')).toContainText('在读证明');
  // That the page never shows more than the masked name is checked against the real central server,
  // whose records hold full names (test/integration/kiosk/signed-print.test.ts).
});

test('a record looked up by code alone (typed in by hand)', async ({ page }) => {
  await page.goto(`${base}/verify/7KQ3-M9XD-2PLA`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'genuine');
});

test('a tampered payload is refused', async ({ page }) => {
  const [p, body, sig] = payload.split('.');
  const forged = `${p}.${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('DU-2026-000123', 'DU-2026-000999')).toString('base64url')}.${sig}`;
  await page.goto(`${base}/verify/7KQ3-M9XD-2PLA?p=${forged}`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('verdict')).toContainText('forged or its content altered');
});

test('unknown and cancelled codes are not genuine', async ({ page }) => {
  const res = await page.goto(`${base}/verify/ZZZZ-ZZZZ-ZZZZ`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'unknown');
  await page.goto(`${base}/verify/CANC-ELED-0001`);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-state', 'invalid');
  const bad = await page.goto(`${base}/verify/${encodeURIComponent('<script>alert(1)</script>')}`);
  expect(bad?.status()).toBe(400);
  await expect(page.locator('script')).toHaveCount(0);
});

test('the public keys are published', async ({ request }) => {
  const res = await request.get(`${base}/v1/keys`);
  expect(res.ok()).toBe(true);
  const { keys } = (await res.json()) as { keys: { kid: string; alg: string; publicKey: string }[] };
  expect(keys).toEqual([{ kid, alg: 'Ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') }]);
});
