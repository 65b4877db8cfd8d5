/**
 * The publisher keys trusted for template and settings releases: by a station (kiosk-config
 * `publishing.publisherKeys`) and by central (`estation central --publisher-key`, or the PEM files in
 * its data folder's `publisher-keys/`). PEM files, public or private (only the public half is kept),
 * indexed by key id.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyIdOf } from './verification.js';

export class PublisherKeyError extends Error {
  override name = 'PublisherKeyError';
  constructor(setting: string, file: string, why: string) {
    super(`${setting}: ${file}: ${why}. Give the PEM file of an Ed25519 key (openssl genpkey -algorithm ed25519).`);
  }
}

/** `setting` names where the list came from, for the error message (a kiosk setting, a central option). */
export function loadPublisherKeys(
  files: readonly string[],
  setting = 'publishing.publisherKeys',
): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw new PublisherKeyError(
        setting,
        file,
        `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (err) {
      throw new PublisherKeyError(setting, file, `is not a PEM key (${(err as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new PublisherKeyError(setting, file, `is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}
