/**
 * The file signature (lib/pdf-file-signature.ts) on a synthetic PDF-like byte string: signing fills the
 * placeholders in place, the signed file verifies, and any edit of its bytes is refused (fuzzed with a
 * seeded generator, so a failing case can be repeated).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  fileSignatureCarrier,
  FileSignatureError,
  payloadOfPdf,
  signPdfFile,
  verifyPdfFile,
} from '../../../lib/pdf-file-signature.js';
import { keyIdOf, signVerification, VerificationError } from '../../../lib/verification.js';
import { rng } from '../../helpers/seeded-random.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const NOW = new Date('2026-12-01T00:00:00Z');
const payload = signVerification(
  {
    serial: 'T2026-000123',
    kind: 'transcript',
    issuedAt: '2026-11-30T08:00:00Z',
    expiresAt: '2027-11-30T08:00:00Z',
    terminalId: 'kiosk-1',
    digest: 'ab'.repeat(32),
    holder: '李*轩',
    keyId: keyIdOf(publicKey),
  },
  privateKey,
);
const unsigned = Buffer.from(
  `%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length 999 >>\nstream\n${fileSignatureCarrier(payload)}endstream\nendobj\n(score 78) Tj\n%%EOF\n`,
  'latin1',
);
const PAGES = 'cd'.repeat(32);
const signed = signPdfFile(unsigned, 'T2026-000123', privateKey, PAGES);

const reasonOf = (pdf: Uint8Array, keys: Parameters<typeof verifyPdfFile>[1] = publicKey) => {
  try {
    verifyPdfFile(pdf, keys, NOW);
    return 'genuine';
  } catch (err) {
    if (err instanceof FileSignatureError || err instanceof VerificationError) return err.reason;
    throw err;
  }
};

describe('PDF file signature', () => {
  it('keeps the length, carries the payload and verifies', () => {
    expect(signed.length).toBe(unsigned.length);
    expect(payloadOfPdf(signed)).toBe(payload);
    const facts = verifyPdfFile(signed, new Map([[keyIdOf(publicKey), publicKey]]), NOW);
    expect(facts.serial).toBe('T2026-000123');
    expect(facts.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a changed score in place: content differs from what was signed', () => {
    const forged = Buffer.from(signed);
    const at = forged.indexOf('(score 78)');
    forged.write('(score 99)', at, 'latin1');
    expect(reasonOf(forged)).toBe('content_changed');
    expect(() => verifyPdfFile(forged, publicKey, NOW)).toThrow(/content differs from what was signed/);
  });

  it('a file rewritten around the carrier (re-saved): a distinct reason', () => {
    const resaved = Buffer.concat([Buffer.from('%PDF-1.7\n% re-saved\n'), signed.subarray(9)]);
    expect(reasonOf(resaved)).toBe('file_resaved');
    const grown = Buffer.concat([signed, Buffer.from('\n% appended update\n')]);
    expect(reasonOf(grown)).toBe('file_resaved');
  });

  it('a file without the carrier (converted): no file signature', () => {
    expect(reasonOf(Buffer.from('%PDF-1.7\n%%EOF\n'))).toBe('no_file_signature');
  });

  it('the placeholders never filled: unsigned', () => {
    expect(reasonOf(unsigned)).toBe('unsigned');
  });

  it("signed by another station's key over the same payload: refused", () => {
    const byOther = signPdfFile(unsigned, 'T2026-000123', other.privateKey, PAGES);
    expect(reasonOf(byOther)).toBe('content_changed');
    expect(reasonOf(signed, new Map([['nobody', other.publicKey]]))).toBe('unknown_key');
  });

  it('a signature copied into a second carrier: refused', () => {
    expect(reasonOf(Buffer.concat([signed, signed]))).toBe('content_changed');
  });

  it('fuzz: every random edit of one to three bytes is refused', () => {
    const random = rng(15);
    for (let i = 0; i < 3000; i++) {
      const forged = Buffer.from(signed);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * forged.length);
        forged[at] = (forged[at]! + 1 + Math.floor(random() * 255)) % 256;
      }
      expect(reasonOf(forged), `case ${i}`).not.toBe('genuine');
    }
  });
});
