/**
 * `estation kiosk rotate-key` as an admin runs it (real processes, a real central): a new signing key
 * replaces the generated one, the old public half is kept for checking what it signed, the new key is
 * offered to central at once; a configured (university-wide) key is not rotated.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { generateSigningKeyPair, keyIdOf } from '../../../lib/verification.js';

const ROOT = resolve(import.meta.dirname, '../../..');

function estation(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'estation'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('estation kiosk rotate-key', { timeout: 120_000 }, () => {
  let central: RunningCentral;
  const dir = mkdtempSync(join(tmpdir(), 'estation-rotate-'));
  beforeAll(async () => {
    central = await startCentralServer({
      dataDir: join(dir, 'central'),
      port: 0,
      host: '127.0.0.1',
      terminals: [{ id: 'kiosk-r', name: 'Rotation' }],
    });
  });
  afterAll(async () => central?.close());

  it('replaces the generated key, keeps the old public half, and offers the new key to central', async () => {
    const dataDir = join(dir, 'kiosk');
    const config = join(dir, 'kiosk.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataDir,
        terminal: { id: 'kiosk-r', name: 'Rotation' },
        central: { url: central.url, token: central.tokens['kiosk-r'], allowInsecure: true },
      }),
    );
    const first = await estation('kiosk', 'rotate-key', '--config', config);
    expect(first.code, first.err).toBe(0);
    const keyAfterFirst = readFileSync(join(dataDir, 'signing-key.pem'), 'utf8');
    const second = await estation('kiosk', 'rotate-key', '--config', config);
    expect(second.code, second.err).toBe(0);
    const keyNow = readFileSync(join(dataDir, 'signing-key.pem'), 'utf8');
    expect(keyNow).not.toBe(keyAfterFirst);

    // The key the first rotation made is retired: its public half kept under its id, never its private half.
    const retiredId = keyIdOf(keyAfterFirst);
    const retired = readFileSync(join(dataDir, 'retired-signing-keys', `${retiredId}.pem`), 'utf8');
    expect(retired).toContain('BEGIN PUBLIC KEY');
    expect(keyIdOf(retired)).toBe(retiredId);
    expect(readdirSync(join(dataDir, 'retired-signing-keys'))).toHaveLength(2);
    expect(statSync(join(dataDir, 'signing-key.pem')).mode & 0o077).toBe(0);
    expect(second.out).toContain(`new signing key ${keyIdOf(keyNow)} in ${join(dataDir, 'signing-key.pem')}`);
    expect(second.out).toContain(`old key ${retiredId}: its public half is kept`);
    expect(second.out).toContain('central recorded the new key');
    expect(second.out).toContain('Restart the kiosk to sign with the new key.');
  });

  it('refuses to rotate a configured (university-wide) key, saying what to do instead', async () => {
    const keyFile = join(dir, 'university.pem');
    writeFileSync(keyFile, generateSigningKeyPair().privateKey, { mode: 0o600 });
    const config = join(dir, 'configured.json');
    writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'k2'), signing: { privateKeyFile: keyFile } }));
    const r = await estation('kiosk', 'rotate-key', '--config', config);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/signing.privateKeyFile.*replace that file on every station/);
    expect(readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY');
  });
});
