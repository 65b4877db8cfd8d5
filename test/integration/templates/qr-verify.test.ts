/**
 * The QR code of a signed document, decoded from the rendered page with zbarimg, verifies with
 * `estation verify` against the public key; altered, forged and expired codes are refused.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  builtinTemplateDir,
  extractPayload,
  keyIdOf,
  loadTemplateBundle,
  renderCertificate,
  verifyPayload,
} from '../../../templates/engine/index.js';
import { decodeQr, pdfToPngs, tmp } from './pdf-tools.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'estation');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const dir = tmp();
const pubFile = join(dir, 'public.pem');
const strangerFile = join(dir, 'stranger.pem');
const keysFile = join(dir, 'keys.json');
writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(strangerFile, stranger.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(
  keysFile,
  JSON.stringify({
    keys: [{ kid: keyIdOf(publicKey), alg: 'Ed25519', publicKey: publicKey.export({ type: 'spki', format: 'pem' }) }],
  }),
);
const NOW = '2026-12-01T00:00:00Z';

async function verifyCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'verify', ...args], { encoding: 'utf8' });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('signed QR code on a rendered transcript', { timeout: 120_000 }, () => {
  const template = loadTemplateBundle(builtinTemplateDir('transcript-zh'));
  let url = '';
  let digest = '';

  beforeAll(async () => {
    const result = await renderCertificate(template, template.sample, {
      signing: { privateKey, terminalId: 'kiosk-07', baseUrl: 'https://verify.demo.edu.cn' },
    });
    digest = result.digest;
    // QR decoded from the picture of the printed page, not from the render result
    url = decodeQr(pdfToPngs(result.pdf, 200, 1)[0]!);
    expect(url).toBe(result.qr.text);
  });

  it('decodes to a verification URL whose payload checks out against the public key', () => {
    const doc = (template.sample as { document: { serial: string; verificationCode: string } }).document;
    expect(url.startsWith(`https://verify.demo.edu.cn/verify/${doc.verificationCode}?p=ES2.`)).toBe(true);
    const facts = verifyPayload(extractPayload(url), publicKey, new Date(NOW));
    expect(facts).toMatchObject({
      serial: doc.serial,
      kind: 'transcript',
      terminalId: 'kiosk-07',
      holder: '李*轩',
      issuedAt: '2026-11-28T09:30:00.000Z',
    });
    expect(digest.startsWith(facts.digestPrefix)).toBe(true);
  });

  it("expires at the end of the document's validUntil day, in the timezone its issue time is written in", async () => {
    const sample = template.sample as { document: Record<string, unknown> };
    const data = {
      ...sample,
      document: { ...sample.document, issuedAt: '2026-12-03T10:00:00.000+08:00', validUntil: '2027-06-01' },
    };
    const { qr } = await renderCertificate(template, data, { signing: { privateKey, terminalId: 'kiosk-07' } });
    const facts = verifyPayload(qr.payload!, publicKey, new Date('2026-12-04T00:00:00Z'));
    // 23:59:59 on 1 June 2027 in Beijing.
    expect(facts.expiresAt).toBe('2027-06-01T15:59:59.000Z');
    expect(() => verifyPayload(qr.payload!, publicKey, new Date('2027-06-01T16:00:00Z'))).toThrow(/expired/);
  });

  it('estation verify: exit 0 with the facts for the genuine code (PEM key or central key list)', async () => {
    for (const keys of [pubFile, keysFile]) {
      const r = await verifyCli(url, '--public-key', keys, '--now', NOW);
      expect(r.code).toBe(0);
      expect(r.out).toContain('GENUINE');
      expect(r.out).toContain('DU-2026-000127');
      expect(r.out).toContain('李*轩');
    }
  });

  it('estation verify: non-zero with the reason for altered, forged and expired codes', async () => {
    const payload = extractPayload(url);
    const [p, body, sig] = payload.split('.');
    const json = Buffer.from(body!, 'base64url').toString('utf8');
    const altered = `${p}.${Buffer.from(json.replace('DU-2026-000127', 'DU-2026-000001')).toString('base64url')}.${sig}`;
    const cases: [string[], RegExp][] = [
      [[altered, '--public-key', pubFile, '--now', NOW], /bad_signature/],
      [[payload, '--public-key', strangerFile, '--now', NOW], /bad_signature/],
      [[payload, '--public-key', keysFile, '--now', '2030-01-01T00:00:00Z'], /expired/],
      [[payload.slice(0, 60), '--public-key', pubFile, '--now', NOW], /malformed/],
    ];
    for (const [args, reason] of cases) {
      const r = await verifyCli(...args, '--json');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toMatchObject({ valid: false, reason: expect.stringMatching(reason) });
    }
  });

  it('estation verify: exit 2 for a usage mistake', async () => {
    expect((await verifyCli(url)).code).toBe(2);
  });
});
