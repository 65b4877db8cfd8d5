/**
 * `estation verify <payload-or-url>`: checks a document's QR payload offline against a public key.
 * Exit 0 with the facts for a genuine document; 1 with the reason for a forged, altered or expired one.
 */
import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { extractPayload, verifyPayload, VerificationError, type VerifiedFacts } from '../../lib/verification.js';
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
    { 'public-key': { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' } },
    true,
  );
  if (values.help) {
    process.stdout.write(`usage: ${verify.usage}\n`);
    return 0;
  }
  const input = positionals[0];
  if (!input) throw new UsageError('give the payload (ES2.… or ES1.…) or the verification URL from the QR code');
  const keyFile = values['public-key'] ?? process.env.ESTATION_PUBLIC_KEY;
  if (!keyFile) throw new UsageError('--public-key FILE is required (or set ESTATION_PUBLIC_KEY)');
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now needs an ISO time');
  const keys = readPublicKeys(keyFile);
  try {
    const facts = verifyPayload(extractPayload(input), keys, now);
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ valid: true, ...facts })}\n`
        : `GENUINE: the signature is valid.\n${describe(facts).join('\n')}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
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
