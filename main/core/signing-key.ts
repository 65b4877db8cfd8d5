/**
 * The Ed25519 key that signs every document's verification code. Configured with
 * `signing.privateKeyFile` (a university-wide key shared by all stations), or generated once per
 * station under its data folder, readable only by the kiosk's user. Central publishes the matching
 * public key (`estation central --verify-key FILE`), and anyone can check a document against it.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../../drivers/durable-file.js';
import { generateSigningKeyPair, keyIdOf, publishedKey } from '../../lib/verification.js';

export interface SigningKey {
  privateKey: string;
  keyId: string;
  /** What central publishes for this key. */
  published: { kid: string; publicKey: string };
}

/** Why the key cannot be used: `empty` (e.g. a power cut while an older version wrote it), `unreadable` (permissions, disk), `invalid` (not an Ed25519 private key in PEM). */
export type SigningKeyProblem = 'empty' | 'unreadable' | 'invalid';

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
  constructor(
    message: string,
    readonly file: string,
    readonly problem: SigningKeyProblem,
  ) {
    super(message);
  }
}

export function loadSigningKey(
  signing: { privateKeyFile?: string | undefined; keyId?: string | undefined },
  dataDir: string,
): SigningKey {
  const generated = !signing.privateKeyFile;
  const file = signing.privateKeyFile ?? join(dataDir, 'signing-key.pem');
  // Written whole or not at all (scratch file, fsync, rename): a power cut cannot leave an empty key.
  if (generated && !existsSync(file)) writeFileDurable(file, generateSigningKeyPair().privateKey, { mode: 0o600 });
  let privateKey: string;
  let problem: SigningKeyProblem = 'unreadable';
  try {
    privateKey = readFileSync(file, 'utf8');
    problem = 'invalid';
    if (privateKey.trim() === '') {
      problem = 'empty';
      throw new Error('the file is empty');
    }
    if (createPrivateKey(privateKey).asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  } catch (err) {
    const fix = generated
      ? `Restore it from a backup if there is one; otherwise delete ${file} and start again: the station generates a new key, and documents signed with it verify once its public half (openssl pkey -in ${file} -pubout) is published at central with --verify-key.`
      : 'Give signing.privateKeyFile an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519), readable by the kiosk.';
    throw new SigningKeyError(
      `Cannot use the signing key ${file} (${problem}): ${(err as Error).message}. ${fix}`,
      file,
      problem,
    );
  }
  const keyId = signing.keyId ?? keyIdOf(privateKey);
  return { privateKey, keyId, published: publishedKey(privateKey, keyId) };
}
