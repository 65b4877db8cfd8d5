/**
 * The publisher keys a station trusts for template and settings releases (kiosk-config `publishing.publisherKeys`):
 * PEM files, public or private (only the public half is kept), indexed by key id.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyIdOf } from '../../templates/engine/index.js';

export class PublisherKeyError extends Error {
  override name = 'PublisherKeyError';
  constructor(file: string, why: string) {
    super(
      `publishing.publisherKeys: ${file}: ${why}. Give the PEM file of an Ed25519 key (openssl genpkey -algorithm ed25519).`,
    );
  }
}

export function loadPublisherKeys(files: readonly string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw new PublisherKeyError(
        file,
        `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (err) {
      throw new PublisherKeyError(file, `is not a PEM key (${(err as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new PublisherKeyError(file, `is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}
