/**
 * Signed verification payloads for the QR code on every document (Ed25519 via node:crypto).
 *
 * Payload: `ES2.<base64url(JSON array)>.<base64url(signature)>`, about 250 characters, so a QR
 * code stays small enough to print beside the serial. The array holds, in order: the document kind's
 * id (`degree-certificate`: kinds are data, so the id itself is signed), serial, issue time and expiry
 * (Unix seconds), terminal id, a 128-bit content digest, the masked holder name and the signing key's
 * id. The content digest binds the code to what the document says.
 *
 * `ES1` payloads, printed before kinds were data, hold a one-letter code for the kind instead of its
 * id (E, T, S: the three kinds there were); they are verified as they always were.
 *
 * In lib/ because both sides need it: the template engine signs (templates/engine/render.ts, re-exported
 * from its index), central's verification page and `estation verify` check.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** The payload version signed now. */
const PREFIX = 'ES2';
/** Every version verified: ES1 documents are still in people's hands. */
const VERSIONS = ['ES1', 'ES2'] as const;
/** What the kind code of an ES1 payload stands for (fixed: no ES1 payload is signed any more). */
const ES1_KINDS: Readonly<Record<string, string>> = { E: 'enrollment', T: 'transcript', S: 'student-status' };
/** A kind id as shared/domain.ts DocumentKind has it (lib/ does not import shared/). */
const KIND_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface VerificationFields {
  serial: string;
  kind: string;
  /** ISO timestamp of issue. */
  issuedAt: string;
  /** ISO timestamp after which the code no longer vouches for the document. */
  expiresAt: string;
  terminalId: string;
  /** Content digest (hex SHA-256 from renderCertificate); the payload keeps its first 128 bits. */
  digest: string;
  /** Holder's name, already masked (see maskName). */
  holder: string;
  keyId: string;
}

export class VerificationError extends Error {
  override name = 'VerificationError';
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'not_yet_valid',
    message: string,
  ) {
    super(message);
  }
}

/** 李明轩 -> 李*轩, 王芳 -> 王*, LI Mingxuan -> L* M*: enough to match a person holding the paper, too little to identify one. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(trimmed)) {
    return trimmed
      .split(/\s+/)
      .map((w) => `${[...w][0] ?? ''}*`)
      .join(' ');
  }
  const chars = [...trimmed];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

function asPrivateKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? createPrivateKey(key) : key;
}

function asPublicKey(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  return createPublicKey(key);
}

/** A short, stable id for a public key: the first 8 base64url characters of its SPKI SHA-256. */
export function keyIdOf(key: KeyObject | string): string {
  const der = asPublicKey(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 8);
}

const seconds = (iso: string) => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new VerificationError('malformed', `"${iso}" is not a time`);
  return Math.floor(t / 1000);
};

/** Signs the fields; returns the payload string for the QR code. */
export function signVerification(fields: VerificationFields, privateKey: KeyObject | string): string {
  const kind = fields.kind;
  if (!KIND_ID.test(kind) || kind.length > 40)
    throw new Error(`"${kind}" is not a document kind id (lower-case letters and digits joined by "-").`);
  const digest = b64u(Buffer.from(fields.digest, 'hex').subarray(0, 16));
  const body = Buffer.from(
    JSON.stringify([
      kind,
      fields.serial,
      seconds(fields.issuedAt),
      seconds(fields.expiresAt),
      fields.terminalId,
      digest,
      fields.holder,
      fields.keyId,
    ]),
  );
  const sig = sign(null, body, asPrivateKey(privateKey));
  return `${PREFIX}.${b64u(body)}.${b64u(sig)}`;
}

export interface VerifiedFacts {
  serial: string;
  kind: string;
  issuedAt: string;
  expiresAt: string;
  terminalId: string;
  /** First 128 bits of the content digest, hex. */
  digestPrefix: string;
  holder: string;
  keyId: string;
}

/** Takes a bare payload or a verification URL (`.../verify/CODE?p=PAYLOAD`) and returns the payload. */
export function extractPayload(input: string): string {
  const s = input.trim();
  if (VERSIONS.some((v) => s.startsWith(`${v}.`))) return s;
  try {
    const p = new URL(s).searchParams.get('p');
    if (p) return p;
  } catch {
    // not a URL: reported below
  }
  throw new VerificationError(
    'malformed',
    `This is neither a verification payload (${PREFIX}.…) nor a verification URL with a ?p= payload.`,
  );
}

/**
 * Checks a payload against the published public keys (by key id).
 * @throws VerificationError with the reason: malformed, unknown_key, bad_signature, expired, not_yet_valid
 */
export function verifyPayload(
  payload: string,
  publicKeys: Map<string, KeyObject | string> | KeyObject | string,
  now = new Date(),
): VerifiedFacts {
  const parts = payload.trim().split('.');
  const version = VERSIONS.find((v) => v === parts[0]);
  if (parts.length !== 3 || !version)
    throw new VerificationError(
      'malformed',
      `The payload is not in the ${PREFIX}.<data>.<signature> form; it was cut off or is not from E-station.`,
    );
  // ES1 names the kind by a letter, ES2 by its id.
  const kindOf = (signed: string) =>
    version === 'ES1' ? ES1_KINDS[signed] : KIND_ID.test(signed) && signed.length <= 40 ? signed : undefined;
  const body = Buffer.from(parts[1]!, 'base64url');
  const sig = Buffer.from(parts[2]!, 'base64url');
  let arr: unknown;
  try {
    arr = JSON.parse(body.toString('utf8'));
  } catch {
    throw new VerificationError('malformed', 'The payload data cannot be read; it was altered or cut off.');
  }
  if (
    !Array.isArray(arr) ||
    arr.length !== 8 ||
    !kindOf(String(arr[0])) ||
    typeof arr[2] !== 'number' ||
    typeof arr[3] !== 'number' ||
    !arr.every((v, i) => (i === 2 || i === 3 ? Number.isInteger(v) : typeof v === 'string'))
  ) {
    throw new VerificationError(
      'malformed',
      'The payload data does not have the expected fields; it was altered or is not from E-station.',
    );
  }
  const [kind, serial, issued, expires, terminalId, digest, holder, keyId] = arr as [
    string,
    string,
    number,
    number,
    string,
    string,
    string,
    string,
  ];
  let key: KeyObject | string | undefined;
  if (publicKeys instanceof Map) key = publicKeys.get(keyId);
  else key = publicKeys;
  if (!key)
    throw new VerificationError(
      'unknown_key',
      `Signed with key "${keyId}", which is not among the published keys; the document is not genuine or the key list is out of date.`,
    );
  let ok: boolean;
  try {
    ok = sig.length === 64 && verify(null, body, asPublicKey(key), sig);
  } catch {
    ok = false;
  }
  if (!ok)
    throw new VerificationError(
      'bad_signature',
      'The signature does not match: the code was forged or its content altered.',
    );
  const facts: VerifiedFacts = {
    kind: kindOf(kind)!,
    serial,
    issuedAt: new Date(issued * 1000).toISOString(),
    expiresAt: new Date(expires * 1000).toISOString(),
    terminalId,
    digestPrefix: Buffer.from(digest, 'base64url').toString('hex'),
    holder,
    keyId,
  };
  const t = Math.floor(now.getTime() / 1000);
  if (t > expires)
    throw Object.assign(
      new VerificationError(
        'expired',
        `The code expired on ${facts.expiresAt}; ask the holder for a newly issued document.`,
      ),
      { facts },
    );
  if (t < issued - 300)
    throw Object.assign(
      new VerificationError('not_yet_valid', `The code claims an issue time in the future (${facts.issuedAt}).`),
      { facts },
    );
  return facts;
}

/** The URL in the QR code: opens central's verification page, which checks the same payload. */
export function verificationUrl(baseUrl: string, code: string, payload: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(code)}?p=${payload}`;
}

/** A new Ed25519 signing key pair as PEM (PKCS#8 private, SPKI public), e.g. for a kiosk without a configured key. */
export function generateSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The entry central publishes at /v1/keys for a key (private or public; only the public half is returned). */
export function publishedKey(key: KeyObject | string, kid?: string): { kid: string; publicKey: string } {
  const pub = asPublicKey(key);
  return { kid: kid ?? keyIdOf(pub), publicKey: pub.export({ type: 'spki', format: 'pem' }) as string };
}
