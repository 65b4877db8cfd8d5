/**
 * The forger's attack of issue #15: a genuine signed transcript (rendered by `estation render`, signed as a
 * station signs) has its scores painted over with pdf-lib while the QR code stays as it was. `estation
 * verify --pdf` (a real process) takes the payload from the file itself and refuses every changed file
 * with its reason; the genuine file passes, with a PEM key and with central's key list fetched by URL.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../lib/verification.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'estation');
const NOW = '2026-12-01T00:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'estation-painted-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const file = (name: string) => join(dir, name);
writeFileSync(file('station.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(file('public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(file('stranger.pem'), stranger.publicKey.export({ type: 'spki', format: 'pem' }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
const verifyPdf = (pdf: string, ...keys: string[]) =>
  cli('verify', '--pdf', pdf, ...(keys.length ? keys : ['--public-key', file('public.pem')]), '--now', NOW, '--json');

describe('a painted-over transcript does not verify offline', { timeout: 180_000 }, () => {
  let genuine: Uint8Array;
  let keyServer: Server;
  let keysUrl = '';

  beforeAll(async () => {
    const r = await cli(
      'render',
      '--template',
      'transcript-zh',
      '--sample',
      '--sign-key',
      file('station.pem'),
      '--terminal',
      'kiosk-07',
      '--out',
      file('genuine.pdf'),
    );
    expect(r.code, r.out).toBe(0);
    genuine = readFileSync(file('genuine.pdf'));
    // Central's GET /v1/keys, as a stand-in serving the same answer shape.
    const body = JSON.stringify({
      keys: [{ kid: keyIdOf(publicKey), publicKey: publicKey.export({ type: 'spki', format: 'pem' }) }],
    });
    keyServer = createServer((req, res) => {
      res.writeHead(req.url === '/v1/keys' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/v1/keys' ? body : '{}');
    });
    await new Promise<void>((ok) => keyServer.listen(0, '127.0.0.1', ok));
    const address = keyServer.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    keysUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((ok) => keyServer.close(() => ok())));

  it('the genuine PDF passes, with a PEM key and with the key list from --keys URL', async () => {
    for (const keys of [[], ['--keys', `${keysUrl}/v1/keys`], ['--keys', keysUrl]]) {
      const r = await verifyPdf(file('genuine.pdf'), ...keys);
      expect(r.code, r.out).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ valid: true, serial: 'DU-2026-000127', holder: '李*轩' });
    }
    const text = await cli('verify', '--pdf', file('genuine.pdf'), '--public-key', file('public.pem'), '--now', NOW);
    expect(text.out).toMatch(/^GENUINE: .*byte for byte/);
  });

  it('scores painted over (white box, new score, QR untouched) fail', async () => {
    const doc = await PDFDocument.load(genuine);
    const page = doc.getPage(0);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.drawRectangle({ x: 400, y: 500, width: 40, height: 14, color: rgb(1, 1, 1) });
    page.drawText('100', { x: 402, y: 502, size: 10, font });
    writeFileSync(file('painted.pdf'), await doc.save());
    const r = await verifyPdf(file('painted.pdf'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false, reason: 'content_changed' });
    const text = await cli('verify', '--pdf', file('painted.pdf'), '--public-key', file('public.pem'), '--now', NOW);
    expect(text.out).toMatch(/NOT VALID \(content_changed\): The content differs from what was signed/);
  });

  it('loaded and saved again by pdf-lib with no change: fails with the re-saved reason', async () => {
    writeFileSync(file('resaved.pdf'), await (await PDFDocument.load(genuine)).save());
    const r = await verifyPdf(file('resaved.pdf'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false, reason: 'file_resaved' });
    const text = await cli('verify', '--pdf', file('resaved.pdf'), '--public-key', file('public.pem'), '--now', NOW);
    expect(text.out).toMatch(/NOT VALID \(file_resaved\): The file was rewritten by another program/);
  });

  it('one byte changed in place (a digit of a score in the page stream): content differs from what was signed', async () => {
    const flipped = Buffer.from(genuine);
    // A byte in the middle of the file, away from the carrier: the file keeps its layout.
    const carrier = flipped.indexOf('ESF1 file signature');
    const at = carrier > flipped.length / 2 ? Math.floor(carrier / 2) : Math.floor((carrier + flipped.length) / 2);
    flipped[at] = flipped[at]! ^ 0x01;
    writeFileSync(file('flipped.pdf'), flipped);
    const r = await cli('verify', '--pdf', file('flipped.pdf'), '--public-key', file('public.pem'), '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT VALID \(content_changed\): The content differs from what was signed/);
  });

  it('signed by an unknown key, and expired: named reasons', async () => {
    const wrongKeyList = file('others.json');
    writeFileSync(
      wrongKeyList,
      JSON.stringify({
        keys: [{ kid: 'someone', publicKey: stranger.publicKey.export({ type: 'spki', format: 'pem' }) }],
      }),
    );
    expect(JSON.parse((await verifyPdf(file('genuine.pdf'), '--public-key', wrongKeyList)).out)).toMatchObject({
      reason: 'unknown_key',
    });
    const expired = await cli(
      'verify',
      '--pdf',
      file('genuine.pdf'),
      '--public-key',
      file('public.pem'),
      '--now',
      '2030-01-01T00:00:00Z',
    );
    expect(expired.code).toBe(1);
    expect(expired.out).toMatch(/NOT VALID \(expired\)/);
  });

  it('a key list that cannot be read is a usage error (exit 2), not a verdict', async () => {
    const r = await cli('verify', '--pdf', file('genuine.pdf'), '--keys', `${keysUrl}/elsewhere/v1/keys`);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot read the key list at .*HTTP 404/);
  });

  it('a PDF without a file signature (converted, or printed before): its own reason', async () => {
    const r = await cli('render', '--template', 'transcript-zh', '--sample', '--out', file('unsigned.pdf'));
    expect(r.code, r.out).toBe(0);
    expect(JSON.parse((await verifyPdf(file('unsigned.pdf'))).out)).toMatchObject({ reason: 'no_file_signature' });
  });
});
