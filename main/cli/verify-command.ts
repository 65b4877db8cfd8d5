/**
 * `estation verify <payload-or-url>`: checks a document's QR payload offline against a public key.
 * `estation verify --pdf FILE`: takes the payload from the PDF itself and checks the file's own signature
 * too (lib/pdf-file-signature.ts), so a painted-over, re-saved or damaged file fails with its reason.
 * Keys: `--public-key FILE` (PEM, or a saved /v1/keys answer) or `--keys URL` (central's GET /v1/keys).
 * Exit 0 with the facts for a genuine document; 1 with the reason for a forged, altered or expired one.
 */
import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { extractPayload, verifyPayload, VerificationError, type VerifiedFacts } from '../../lib/verification.js';
import { FileSignatureError } from '../../lib/pdf-file-signature.js';
import { parse, UsageError } from './args.js';
import { verify } from './descriptors/verify.js';

/** A PEM public (or private) key, or central's key list (`GET /v1/keys`: { keys: [{ kid, publicKey }] }). */
export function readPublicKeys(file: string): Map<string, KeyObject> | KeyObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return parsePublicKeys(text, file);
}

/** Central's key list, fetched from `--keys URL` (GET /v1/keys, or the central's address it is served under). */
async function fetchPublicKeys(url: string): Promise<Map<string, KeyObject> | KeyObject> {
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    throw new UsageError(
      `--keys: "${url}" is not an address; give central's key list, e.g. https://central.example.edu/v1/keys`,
    );
  }
  if (!/\/v1\/keys\/?$/.test(address.pathname)) address = new URL('v1/keys', address.href.replace(/\/?$/, '/'));
  let text: string;
  try {
    const res = await fetch(address, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`central answered HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    throw new UsageError(
      `cannot read the key list at ${address.href}: ${(err as Error).message}; check the address, or use --public-key FILE`,
    );
  }
  return parsePublicKeys(text, address.href);
}

function parsePublicKeys(text: string, file: string): Map<string, KeyObject> | KeyObject {
  try {
    if (text.trimStart().startsWith('{')) {
      const { keys } = JSON.parse(text) as { keys: { kid: string; publicKey: string }[] };
      return new Map(keys.map((k) => [k.kid, createPublicKey(k.publicKey)]));
    }
    return createPublicKey(text);
  } catch (err) {
    throw new UsageError(`${file} is neither a PEM key nor a key list from /v1/keys: ${(err as Error).message}`);
  }
}

function describe(f: VerifiedFacts): string[] {
  return [
    `serial:     ${f.serial}`,
    `kind:       ${f.kind}`,
    `holder:     ${f.holder}`,
    `issued:     ${f.issuedAt}`,
    `expires:    ${f.expiresAt}`,
    `terminal:   ${f.terminalId}`,
    `digest:     ${f.digestPrefix}`,
    `key:        ${f.keyId}`,
  ];
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      'public-key': { type: 'string' },
      keys: { type: 'string' },
      pdf: { type: 'string' },
      json: { type: 'boolean' },
      now: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(`usage: ${verify.usage}\n`);
    return 0;
  }
  const input = positionals[0];
  if (!input && !values.pdf)
    throw new UsageError('give the payload (ES2.… or ES1.…) or the verification URL from the QR code, or --pdf FILE');
  if (input && values.pdf) throw new UsageError('give either a payload or --pdf FILE, not both');
  const keyFile = values['public-key'] ?? process.env.ESTATION_PUBLIC_KEY;
  if (values.keys && values['public-key'])
    throw new UsageError('give either --public-key FILE or --keys URL, not both');
  if (!keyFile && !values.keys)
    throw new UsageError('--public-key FILE or --keys URL is required (or set ESTATION_PUBLIC_KEY)');
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now needs an ISO time');
  const keys = values.keys ? await fetchPublicKeys(values.keys) : readPublicKeys(keyFile!);
  let pdf: Uint8Array | undefined;
  if (values.pdf) {
    try {
      pdf = readFileSync(values.pdf);
    } catch (err) {
      throw new UsageError(`cannot read ${values.pdf}: ${(err as Error).message}`);
    }
  }
  try {
    const facts = pdf
      ? // The engine (pdf-lib) is loaded only for a PDF: checking a payload stays quick.
        await (await import('../../templates/engine/index.js')).verifySignedPdf(pdf, keys, now)
      : verifyPayload(extractPayload(input!), keys, now);
    const what = pdf
      ? 'the signature is valid and the file is byte for byte the one the station signed.'
      : 'the signature is valid.';
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ valid: true, ...facts })}\n`
        : `GENUINE: ${what}\n${describe(facts).join('\n')}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof VerificationError) && !(err instanceof FileSignatureError)) throw err;
    const facts = (err as VerificationError & { facts?: VerifiedFacts }).facts;
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ valid: false, reason: err.reason, message: err.message, ...(facts ?? {}) })}\n`,
      );
    else
      process.stdout.write(
        `NOT VALID (${err.reason}): ${err.message}\n${facts ? describe(facts).join('\n') + '\n' : ''}`,
      );
    return 1;
  }
}
