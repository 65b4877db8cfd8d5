/**
 * The signature a station puts over the bytes of a PDF it issues (ESF1), so that any change to the file
 * (a painted-over score, a re-save by another program, one flipped byte) is detected offline. The QR
 * payload (lib/verification.ts) signs what the document says; this signs the file that says it.
 *
 * The file carries one carrier: a stream without filter (so its bytes appear verbatim in the file), which
 * the template engine adds and references from the catalog. Its text, in ASCII:
 *
 *     ESF1 file signature\n
 *     payload <the signed QR payload, ES2.…>\n
 *     pages <SHA-256 of the pages' decoded content streams, 64 hex digits>\n
 *     at <offset of the carrier's first byte, 10 digits>\n
 *     size <length of the whole file, 10 digits>\n
 *     sig <Ed25519 signature, 128 hex digits>\n
 *
 * The engine writes placeholders (zeros, of the final length) and saves; `signPdfFile` then fills `at` and
 * `size`, hashes the file with the 128 signature digits left out (like a PDF signature's ByteRange) and
 * writes the signature into the placeholder: same length, so no offset moves. What is signed:
 * `ESF1\n<serial>\n<sha256 hex of the file without the signature digits>`, with the key the payload names.
 *
 * `at` and `size` are inside the signed bytes: a program that rewrites the file (re-save, conversion)
 * moves the carrier or changes the size, which is told apart from a change in place. `pages` (computed by
 * the engine, which owns pdf-lib: templates/engine/page-content.ts) lets a checker tell a rewritten file
 * whose pages were changed (painted over) from one only saved again.
 *
 * In lib/ because the engine signs and `estation verify` (and central) check; pure (no I/O).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { verifyPayload, type VerifiedFacts } from './verification.js';

export const FILE_SIGNATURE_MARKER = 'ESF1 file signature\n';
const DIGITS = 10;
const SIG_HEX = 128;
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Why a file does not verify (besides the payload's own reasons, lib/verification.ts VerificationError). */
export type FileSignatureProblem =
  /** No carrier: the file was saved again or converted by another program (or issued before file signatures). */
  | 'no_file_signature'
  /** The carrier is there but not where it was signed, or the file's size changed: another program rewrote the file. */
  | 'file_resaved'
  /** The bytes differ from what was signed. */
  | 'content_changed'
  /** The carrier was never signed (placeholders), or its signature is not from the payload's key. */
  | 'unsigned';

export class FileSignatureError extends Error {
  override name = 'FileSignatureError';
  constructor(
    readonly reason: FileSignatureProblem,
    message: string,
    /** For `file_resaved`: the pages' content digest the station signed, to compare with the file's pages now. */
    readonly signedPages?: string,
  ) {
    super(message);
  }
}

/** The carrier's text with placeholders, for the engine to embed (unfiltered) before it saves the PDF. */
export function fileSignatureCarrier(payload: string): string {
  if (!/^ES\d\.[A-Za-z0-9_.-]+$/.test(payload)) throw new Error('not a verification payload: cannot carry it');
  return `${FILE_SIGNATURE_MARKER}payload ${payload}\npages ${'0'.repeat(64)}\nat ${'0'.repeat(DIGITS)}\nsize ${'0'.repeat(DIGITS)}\nsig ${'0'.repeat(SIG_HEX)}\n`;
}

interface Carrier {
  at: number;
  payload: string;
  pagesField: number;
  /** The pages' content digest recorded at signing (hex). */
  pages: string;
  /** Offsets of the `at`, `size` and `sig` values. */
  atField: number;
  sizeField: number;
  sigField: number;
  recordedAt: number;
  recordedSize: number;
  sig: string;
}

const CARRIER =
  /ESF1 file signature\npayload (ES\d\.[A-Za-z0-9_.-]{1,2000})\npages ([0-9a-f]{64})\nat (\d{10})\nsize (\d{10})\nsig ([0-9a-f]{128})\n/g;

function findCarriers(text: string): Carrier[] {
  return [...text.matchAll(CARRIER)].map((m) => {
    const at = m.index;
    const pagesField = at + FILE_SIGNATURE_MARKER.length + 'payload '.length + m[1]!.length + '\npages '.length;
    const atField = pagesField + 64 + '\nat '.length;
    const sizeField = atField + DIGITS + '\nsize '.length;
    const sigField = sizeField + DIGITS + '\nsig '.length;
    return {
      at,
      payload: m[1]!,
      pagesField,
      pages: m[2]!,
      atField,
      sizeField,
      sigField,
      recordedAt: Number(m[3]),
      recordedSize: Number(m[4]),
      sig: m[5]!,
    };
  });
}

/** SHA-256 (hex) of the file with the signature's hex digits left out. */
function digestWithoutSig(pdf: Uint8Array, sigField: number): string {
  return createHash('sha256')
    .update(pdf.subarray(0, sigField))
    .update(pdf.subarray(sigField + SIG_HEX))
    .digest('hex');
}

const message = (serial: string, sha: string) => Buffer.from(`ESF1\n${serial}\n${sha}`);

/**
 * Signs a PDF the engine saved with one unsigned carrier; returns the signed bytes (same length).
 * @throws Error when the file has no carrier or more than one (a bug in the caller, never a user's doing)
 */
export function signPdfFile(
  pdf: Uint8Array,
  serial: string,
  privateKey: KeyObject | string,
  /** SHA-256 (hex) of the pages' content (templates/engine/page-content.ts pageContentDigest of `pdf`). */
  pagesDigest: string,
): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(pagesDigest)) throw new Error('the pages digest must be a SHA-256 in lower-case hex');
  const carriers = findCarriers(latin1(pdf));
  if (carriers.length !== 1)
    throw new Error(`expected one file-signature carrier in the PDF, found ${carriers.length}`);
  const c = carriers[0]!;
  const out = Uint8Array.from(pdf);
  const put = (offset: number, text: string) => out.set(Buffer.from(text, 'latin1'), offset);
  put(c.pagesField, pagesDigest);
  put(c.atField, String(c.at).padStart(DIGITS, '0'));
  put(c.sizeField, String(out.length).padStart(DIGITS, '0'));
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  put(c.sigField, sign(null, message(serial, digestWithoutSig(out, c.sigField)), key).toString('hex'));
  return out;
}

/** The signed QR payload a PDF carries, or undefined when it carries none (see FILE_SIGNATURE_MARKER). */
export function payloadOfPdf(pdf: Uint8Array): string | undefined {
  return findCarriers(latin1(pdf))[0]?.payload;
}

export interface VerifiedFile extends VerifiedFacts {
  /** SHA-256 (hex) of the whole file, as central's upload check compares it. */
  fileSha256: string;
}

/**
 * Checks a PDF: its payload's signature (and expiry) against the keys, then the file signature with the
 * key the payload names.
 * @throws VerificationError for the payload (malformed, unknown_key, bad_signature, expired, not_yet_valid)
 * @throws FileSignatureError for the file (no_file_signature, file_resaved, content_changed, unsigned)
 */
export function verifyPdfFile(
  pdf: Uint8Array,
  publicKeys: Map<string, KeyObject | string> | KeyObject | string,
  now = new Date(),
): VerifiedFile {
  const carriers = findCarriers(latin1(pdf));
  if (carriers.length === 0)
    throw new FileSignatureError(
      'no_file_signature',
      'The file carries no E-station file signature: it was saved again or converted by another program (or issued before files were signed). Ask the holder for the original PDF, or check the paper document with its QR code.',
    );
  if (carriers.length > 1)
    throw new FileSignatureError(
      'content_changed',
      'The content differs from what was signed: the file holds more than one file signature (one was copied in).',
    );
  const c = carriers[0]!;
  const facts = verifyPayload(c.payload, publicKeys, now);
  const key = publicKeys instanceof Map ? publicKeys.get(facts.keyId)! : publicKeys;
  if (/^0+$/.test(c.sig))
    throw new FileSignatureError(
      'unsigned',
      'The file signature was never written: this file was not issued by a station.',
    );
  if (c.recordedAt !== c.at || c.recordedSize !== pdf.length)
    throw new FileSignatureError(
      'file_resaved',
      `The file was rewritten by another program after it was signed (re-saved, edited or converted: the signature moved from byte ${c.recordedAt} to ${c.at}, the size changed from ${c.recordedSize} to ${pdf.length} bytes). It is not the file the station issued; ask the holder for the original PDF.`,
      c.pages,
    );
  let ok: boolean;
  try {
    const pub = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
    ok = verify(null, message(facts.serial, digestWithoutSig(pdf, c.sigField)), pub, Buffer.from(c.sig, 'hex'));
  } catch {
    ok = false;
  }
  if (!ok)
    throw new FileSignatureError(
      'content_changed',
      'The content differs from what was signed: bytes of this file were changed after the station signed it.',
    );
  return { ...facts, fileSha256: createHash('sha256').update(pdf).digest('hex') };
}
