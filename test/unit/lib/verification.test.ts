import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  extractPayload,
  generateSigningKeyPair,
  keyIdOf,
  publishedKey,
  maskName,
  signVerification,
  verificationUrl,
  verifyPayload,
  VerificationError,
  type VerificationFields,
} from '../../../lib/verification.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const fields: VerificationFields = {
  serial: 'DU-2026-000123',
  kind: 'transcript',
  issuedAt: '2026-11-28T09:30:00.000Z',
  expiresAt: '2027-11-28T09:30:00.000Z',
  terminalId: 'demo-01',
  digest: 'ab'.repeat(32),
  holder: maskName('李明轩'),
  keyId: keyIdOf(publicKey),
};
const now = new Date('2026-12-01T00:00:00Z');

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError) return err.reason;
    throw err;
  }
  return 'valid';
}

describe('verification payloads', () => {
  const payload = signVerification(fields, privateKey);

  it('verifies a genuine payload and returns its facts', () => {
    const facts = verifyPayload(payload, new Map([[fields.keyId, publicKey]]), now);
    expect(facts).toMatchObject({
      serial: fields.serial,
      kind: 'transcript',
      terminalId: 'demo-01',
      holder: '李*轩',
      issuedAt: fields.issuedAt,
    });
    expect(facts.digestPrefix).toBe('ab'.repeat(16));
  });
  it('is compact enough for a printed QR code', () => {
    expect(payload.length).toBeLessThan(300);
  });
  it('rejects an altered body, an altered signature, a foreign key and a truncated payload', () => {
    const [p, body, sig] = payload.split('.');
    const altered = Buffer.from(body!, 'base64url').toString('utf8').replace('DU-2026-000123', 'DU-2026-000999');
    expect(
      reason(() => verifyPayload(`${p}.${Buffer.from(altered).toString('base64url')}.${sig}`, publicKey, now)),
    ).toBe('bad_signature');
    const flipped = sig!.slice(0, 10) + (sig![10] === 'A' ? 'B' : 'A') + sig!.slice(11);
    expect(reason(() => verifyPayload(`${p}.${body}.${flipped}`, publicKey, now))).toBe('bad_signature');
    expect(reason(() => verifyPayload(payload, other.publicKey, now))).toBe('bad_signature');
    expect(reason(() => verifyPayload(payload, new Map([['someone-else', publicKey]]), now))).toBe('unknown_key');
    expect(reason(() => verifyPayload(payload.slice(0, 40), publicKey, now))).toBe('malformed');
  });
  it('rejects a forged payload signed with another key under the right key id', () => {
    const forged = signVerification(fields, other.privateKey);
    expect(reason(() => verifyPayload(forged, new Map([[fields.keyId, publicKey]]), now))).toBe('bad_signature');
  });
  it('reports expiry and future issue times', () => {
    expect(reason(() => verifyPayload(payload, publicKey, new Date('2028-01-01T00:00:00Z')))).toBe('expired');
    expect(reason(() => verifyPayload(payload, publicKey, new Date('2026-01-01T00:00:00Z')))).toBe('not_yet_valid');
  });
  it('extracts the payload from a verification URL', () => {
    const url = verificationUrl('https://verify.example.edu/', '7KQ3-M9XD-2PLA', payload);
    expect(url).toMatch(/^https:\/\/verify\.example\.edu\/verify\/7KQ3-M9XD-2PLA\?p=ES2\./);
    expect(extractPayload(url)).toBe(payload);
    expect(reason(() => extractPayload('https://example.edu/nothing'))).toBe('malformed');
  });
  it('generates key pairs and publishes only the public half, under the key id payloads carry', () => {
    const pair = generateSigningKeyPair();
    const entry = publishedKey(pair.privateKey);
    expect(entry.publicKey).toBe(pair.publicKey);
    expect(entry.publicKey).not.toContain('PRIVATE');
    const signed = signVerification({ ...fields, keyId: entry.kid }, pair.privateKey);
    expect(verifyPayload(signed, new Map([[entry.kid, entry.publicKey]]), now).keyId).toBe(entry.kid);
  });
  it('signs the kind id itself (ES2), so a kind that is data alone verifies with its own id', () => {
    const signed = signVerification({ ...fields, kind: 'library-clearance' }, privateKey);
    expect(signed.startsWith('ES2.')).toBe(true);
    expect(JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString('utf8'))[0]).toBe('library-clearance');
    expect(verifyPayload(signed, publicKey, now).kind).toBe('library-clearance');
    expect(() => signVerification({ ...fields, kind: 'Not A Kind' }, privateKey)).toThrow(/not a document kind id/);
  });
  it('still verifies ES1 payloads printed before kinds were data (E, T, S), and nothing else under ES1', () => {
    // An ES1 payload exactly as the earlier release signed it: the kind as one letter.
    const es1 = (code: string) => {
      const body = Buffer.from(
        JSON.stringify([
          code,
          fields.serial,
          1795858200,
          1827394200,
          'demo-01',
          'q6urq6urq6urq6urq6urqw',
          '李*轩',
          fields.keyId,
        ]),
      );
      return `ES1.${body.toString('base64url')}.${sign(null, body, privateKey).toString('base64url')}`;
    };
    expect(verifyPayload(es1('T'), publicKey, now)).toMatchObject({ kind: 'transcript', serial: fields.serial });
    expect(verifyPayload(es1('E'), publicKey, now).kind).toBe('enrollment');
    expect(verifyPayload(es1('S'), publicKey, now).kind).toBe('student-status');
    expect(extractPayload(`https://verify.example.edu/verify/X?p=${es1('T')}`)).toBe(es1('T'));
    expect(extractPayload(es1('T'))).toBe(es1('T'));
    // A letter ES1 never had, or an id in an ES1 payload, is not a document E-station printed.
    expect(reason(() => verifyPayload(es1('G'), publicKey, now))).toBe('malformed');
    expect(reason(() => verifyPayload(es1('transcript'), publicKey, now))).toBe('malformed');
    // Nor is an ES2 body relabelled ES1 (its kind is an id, not a letter).
    expect(reason(() => verifyPayload(payload.replace(/^ES2/, 'ES1'), publicKey, now))).toBe('malformed');
  });
  it('masks names so that only initials and the last Chinese character remain', () => {
    expect(maskName('李明轩')).toBe('李*轩');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳文博')).toBe('欧**博');
    expect(maskName('LI Mingxuan')).toBe('L* M*');
  });
});
