/**
 * Rotating a station's generated document-signing key (`estation kiosk rotate-key`): a new key replaces
 * `<dataDir>/signing-key.pem` (written whole or not at all), and the public half of the old one is kept
 * in `<dataDir>/retired-signing-keys/<kid>.pem`, so what it signed can still be checked offline. Its
 * private half is not kept: a retired key must never sign again. Central keeps the old key registered
 * (documents it signed stay valid there) and the station registers the new one (station/key-registration.ts).
 *
 * A key configured with `signing.privateKeyFile` is a university-wide key shared by all stations: it is
 * not rotated here, one station at a time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../../drivers/durable-file.js';
import { generateSigningKeyPair } from '../../lib/verification.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';

export class KeyRotationRefused extends Error {
  override name = 'KeyRotationRefused';
}

export interface Rotation {
  previous: SigningKey;
  current: SigningKey;
  /** Where the old key's public half is kept. */
  retiredFile: string;
  keyFile: string;
}

export function rotateSigningKey(
  signing: { privateKeyFile?: string | undefined; keyId?: string | undefined },
  dataDir: string,
): Rotation {
  if (signing.privateKeyFile)
    throw new KeyRotationRefused(
      `This station signs with the configured key ${signing.privateKeyFile} (signing.privateKeyFile), which all stations may share: replace that file on every station and publish its public half at central with --verify-key, instead of rotating one station.`,
    );
  if (signing.keyId)
    throw new KeyRotationRefused(
      `signing.keyId is set to "${signing.keyId}": a new key under the same id would make documents of the old key unverifiable. Remove signing.keyId from the configuration (the id is then derived from each key), then rotate.`,
    );
  // A station never started yet has no data folder: its first key is made here, then retired.
  const retiredDir = join(dataDir, 'retired-signing-keys');
  mkdirSync(retiredDir, { recursive: true, mode: 0o700 });
  const previous = loadSigningKey(signing, dataDir);
  const retiredFile = join(retiredDir, `${previous.keyId}.pem`);
  // The old public half first: a crash before the new key is written leaves the old key in use, and nothing lost.
  writeFileDurable(retiredFile, previous.published.publicKey, { mode: 0o600 });
  const keyFile = join(dataDir, 'signing-key.pem');
  writeFileDurable(keyFile, generateSigningKeyPair().privateKey, { mode: 0o600 });
  return { previous, current: loadSigningKey(signing, dataDir), retiredFile, keyFile };
}
