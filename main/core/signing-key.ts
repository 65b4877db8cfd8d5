/**
 * The Ed25519 key that signs every document's verification code. Configured with
 * `signing.privateKeyFile` (a university-wide key shared by all stations), or generated once per
 * station under its data folder, readable only by the kiosk's user. Central publishes the matching
 * public key (`estation central --verify-key FILE`), and anyone can check a document against it.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPair, keyIdOf, publishedKey } from '../../templates/engine/verification.js';

export interface SigningKey {
  privateKey: string;
  keyId: string;
  /** What central publishes for this key. */
  published: { kid: string; publicKey: string };
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export function loadSigningKey(signing: { privateKeyFile?: string | undefined; keyId?: string | undefined }, dataDir: string): SigningKey {
  const file = signing.privateKeyFile ?? join(dataDir, 'signing-key.pem');
  if (!signing.privateKeyFile && !existsSync(file)) writeFileSync(file, generateSigningKeyPair().privateKey, { mode: 0o600 });
  let privateKey: string;
  try {
    privateKey = readFileSync(file, 'utf8');
    if (createPrivateKey(privateKey).asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  } catch (err) {
    throw new SigningKeyError(`Cannot use the signing key ${file}: ${(err as Error).message}. Give signing.privateKeyFile an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).`);
  }
  const keyId = signing.keyId ?? keyIdOf(privateKey);
  return { privateKey, keyId, published: publishedKey(privateKey, keyId) };
}
