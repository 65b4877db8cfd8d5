/**
 * The station registers its signing key with central (issue #15) until central has recorded it, and
 * remembers that in its data folder: against a fake central that is down, then up, then asked again; an
 * older central answering 501 or 404 (logged once, never fatal, asked again later); and the real central.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { generateSigningKeyPair, publishedKey } from '../../../lib/verification.js';
import { CentralClient, CentralRejectedError, CentralUnavailableError } from '../../../main/core/central-client.js';
import { createLogger } from '../../../main/core/log.js';
import { KeyRegistration, REGISTRATION_FILE } from '../../../main/core/station/key-registration.js';
import { FakeCentral } from '../../helpers/fake-central.js';

const newKey = () => publishedKey(generateSigningKeyPair().privateKey);

function setup(answer: (publicKey: string) => { keyId: string; registeredAt: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'estation-keyreg-'));
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  const asked: string[] = [];
  const central = new FakeCentral({
    registerSigningKey: ({ publicKey }) => {
      asked.push(publicKey);
      return answer(publicKey);
    },
  });
  return { dataDir, lines, log, asked, central };
}

describe('station key registration', () => {
  it('asks until central records the key, remembers it, and registers a new key again', async () => {
    let up = false;
    const key = newKey();
    const t = setup(() => {
      if (!up) throw new CentralUnavailableError('connect ECONNREFUSED');
      return { keyId: key.kid, registeredAt: '2026-12-03T07:00:00.000Z' };
    });
    const reg = new KeyRegistration({ central: t.central, log: t.log, dataDir: t.dataDir, key });
    expect(await reg.ensure()).toBe('unavailable');
    expect(await reg.ensure()).toBe('unavailable');
    expect(reg.recorded()).toBeUndefined();
    expect(t.lines.filter((l) => l.includes('could not register the signing key'))).toHaveLength(1);

    up = true;
    expect(await reg.ensure()).toBe('registered');
    expect(JSON.parse(readFileSync(join(t.dataDir, REGISTRATION_FILE), 'utf8'))).toEqual({
      keyId: key.kid,
      publicKey: key.publicKey,
      registeredAt: '2026-12-03T07:00:00.000Z',
    });
    // Recorded: a restart (a new object over the same folder) does not ask again.
    const afterRestart = new KeyRegistration({ central: t.central, log: t.log, dataDir: t.dataDir, key });
    expect(await afterRestart.ensure()).toBe('already');
    expect(t.asked).toHaveLength(3);

    // A new key in the same folder (rotated, or the key file replaced) is registered again.
    const rotated = newKey();
    const again = new KeyRegistration({ central: t.central, log: t.log, dataDir: t.dataDir, key: rotated });
    expect(again.recorded()).toBeUndefined();
    expect(await again.ensure()).toBe('registered');
    expect(t.asked.at(-1)).toBe(rotated.publicKey);
  });

  it('an older central (501, 404) is logged once, never fatal, and asked again later', async () => {
    let answer: 'not-implemented' | 'not-found' | 'ok' = 'not-implemented';
    const key = newKey();
    const t = setup(() => {
      if (answer === 'not-implemented') throw new CentralUnavailableError('HTTP 501', { status: 501 });
      if (answer === 'not-found') throw new CentralRejectedError(404, 'not_found', 'Route not found');
      return { keyId: key.kid, registeredAt: '2026-12-03T07:00:00.000Z' };
    });
    const reg = new KeyRegistration({ central: t.central, log: t.log, dataDir: t.dataDir, key });
    expect(await reg.ensure()).toBe('unsupported');
    answer = 'not-found';
    expect(await reg.ensure()).toBe('unsupported');
    expect(t.lines.filter((l) => l.includes('does not register station signing keys'))).toHaveLength(1);
    expect(existsSync(join(t.dataDir, REGISTRATION_FILE))).toBe(false);
    answer = 'ok';
    expect(await reg.ensure()).toBe('registered');
  });

  it('a refusal (the key is recorded for another terminal) is logged as an error once and not recorded', async () => {
    const key = newKey();
    const t = setup(() => {
      throw new CentralRejectedError(409, 'key_taken', 'This key is registered by another terminal');
    });
    const reg = new KeyRegistration({ central: t.central, log: t.log, dataDir: t.dataDir, key });
    expect(await reg.ensure()).toBe('refused');
    expect(await reg.ensure()).toBe('refused');
    expect(t.lines.filter((l) => l.includes('central refused to register'))).toHaveLength(1);
    expect(reg.recorded()).toBeUndefined();
  });

  describe('against the real central', () => {
    let central: RunningCentral;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'estation-keyreg-central-'));
      central = await startCentralServer({
        dataDir: join(dataDir, 'central'),
        port: 0,
        terminals: [{ id: 'kiosk-k', name: 'Key test' }],
      });
    });
    afterAll(async () => central?.close());

    it('the real central records the key: its documents verify there at once, and asking again changes nothing', async () => {
      const key = newKey();
      const reg = new KeyRegistration({
        central: new CentralClient({ baseUrl: central.url, token: central.tokens['kiosk-k']!, timeoutMs: 5000 }),
        log: createLogger({ level: 'debug', write: () => undefined }),
        dataDir,
        key,
      });
      expect(await reg.ensure()).toBe('registered');
      expect(reg.recorded()).toBeDefined();
      const keys = (await (await fetch(`${central.url}/v1/keys`)).json()) as { keys: { kid: string }[] };
      expect(keys.keys.map((k) => k.kid)).toContain(key.kid);
      expect(await reg.ensure()).toBe('already');
    });
  });
});
