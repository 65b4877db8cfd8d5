/**
 * Station signing keys (issue #15) over real HTTP: a station registers its key over its terminal channel
 * and its documents verify at once, with no restart of central; the same key again is a no-op, another
 * terminal's key is refused; a revoked key keeps the documents issued before its revocation valid and
 * fails later ones; a payload signed by a key central does not know says so.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, maskName, signVerification } from '../../../lib/verification.js';
import { useCentral, type TestTerminal } from '../central/central-fixture.js';

const central = useCentral();
let jobs = 0;
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string;

/** A printed enrollment certificate of the first student, and its signed payload as `terminal` signs it. */
async function printedDocument(privateKey: KeyObject, publicKey: KeyObject, terminal: TestTerminal = 'kiosk-a') {
  const s = central.students[0]!;
  await central.post('/v1/cards/lookup', { card: s.card }, terminal);
  const jobId = `job-keys-${++jobs}`;
  const auth = await central.post(
    '/v1/jobs/authorize',
    { jobId, personId: s.id, kind: 'enrollment', language: 'zh', copies: 1 },
    terminal,
  );
  expect(auth.status).toBe(200);
  await central.post(
    '/v1/jobs/report',
    {
      reports: [
        {
          jobId,
          serial: auth.json.serial,
          outcome: 'printed',
          pages: 1,
          copies: 1,
          finishedAt: new Date().toISOString(),
        },
      ],
    },
    terminal,
  );
  const payload = signVerification(
    {
      serial: auth.json.serial as string,
      kind: 'enrollment',
      issuedAt: auth.json.issuedAt as string,
      expiresAt: new Date(Date.now() + 86_400_000 * 100).toISOString(),
      terminalId: terminal,
      digest: 'ab'.repeat(32),
      holder: maskName(s.name),
      keyId: keyIdOf(publicKey),
    },
    privateKey,
  );
  return { code: auth.json.verificationCode as string, payload, issuedAt: auth.json.issuedAt as string };
}

async function state(code: string, payload: string) {
  const html = await (await fetch(`${central.url}/verify/${code}?p=${payload}&lang=en`)).text();
  return { state: /data-state="(\w+)"/.exec(html)?.[1], html };
}

describe('station keys', () => {
  it('a newly registered station key verifies its documents with no restart of central', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const doc = await printedDocument(privateKey, publicKey);
    const before = await state(doc.code, doc.payload);
    expect(before.state).toBe('invalid');
    expect(before.html).toContain('signed by a key the university does not know');

    const reg = await central.post('/v1/keys/register', { publicKey: pem(publicKey) });
    expect(reg.status).toBe(200);
    expect(reg.json.keyId).toBe(keyIdOf(publicKey));
    expect((await state(doc.code, doc.payload)).state).toBe('genuine');
    const keys = (await (await fetch(`${central.url}/v1/keys`)).json()) as { keys: { kid: string }[] };
    expect(keys.keys.map((k) => k.kid)).toContain(keyIdOf(publicKey));

    // The same key again: the first registration's answer.
    const again = await central.post('/v1/keys/register', { publicKey: pem(publicKey) });
    expect(again.json).toEqual(reg.json);
    // Another terminal claiming it is refused.
    const stolen = await central.post('/v1/keys/register', { publicKey: pem(publicKey) }, 'kiosk-b');
    expect(stolen.status).toBe(409);
    expect(stolen.json.error).toBe('key_of_other_terminal');
  });

  it('refuses what is not an Ed25519 public key, saying what to send', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const res = await central.post('/v1/keys/register', { publicKey: pem(rsa) });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_key');
    expect(res.json.message).toMatch(/not an Ed25519 public key/);
  });

  it('a revoked key keeps earlier documents valid and fails documents issued after its revocation', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await central.post('/v1/keys/register', { publicKey: pem(publicKey) }, 'kiosk-b');
    const earlier = await printedDocument(privateKey, publicKey, 'kiosk-b');
    central.advance(1000);
    // Revoked a second after the earlier document was issued, a second before the later one (central's clock).
    await central.store.signingKeys.revoke(keyIdOf(publicKey), 'station stolen', 'test');
    central.advance(1000);
    const later = await printedDocument(privateKey, publicKey, 'kiosk-b');
    expect((await state(earlier.code, earlier.payload)).state).toBe('genuine');
    const failed = await state(later.code, later.payload);
    expect(failed.state).toBe('invalid');
    expect(failed.html).toContain('The station&#39;s signing key was revoked');
    const keys = (await (await fetch(`${central.url}/v1/keys`)).json()) as {
      keys: { kid: string; revokedAt?: string }[];
    };
    expect(keys.keys.find((k) => k.kid === keyIdOf(publicKey))?.revokedAt).toBeDefined();
  });
});
