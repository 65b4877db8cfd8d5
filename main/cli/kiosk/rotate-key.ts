/**
 * `estation kiosk rotate-key [--config FILE]`: a new document-signing key for this station, the old
 * one's public half kept for checking what it signed (main/core/signing-key-rotation.ts), and the new one
 * registered with central at once when central answers (otherwise the kiosk does it at its next start).
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../../kiosk-config/load.js';
import { centralUrls } from '../../../kiosk-config/schema.js';
import { FailoverCentral } from '../../core/central-failover.js';
import { silentLogger } from '../../core/log.js';
import { KeyRotationRefused, rotateSigningKey } from '../../core/signing-key-rotation.js';
import { KeyRegistration, type RegistrationOutcome } from '../../core/station/key-registration.js';
import { parse, UsageError } from '../args.js';
import { kiosk } from '../descriptors/kiosk.js';

const REGISTERED: Record<RegistrationOutcome, string> = {
  registered: 'central recorded the new key: documents signed with it verify there at once.',
  already: 'central had already recorded the new key.',
  unsupported:
    'central does not register station keys (an older central): publish the new public key there with --verify-key.',
  unavailable: 'central could not be reached: the kiosk registers the new key at its next start.',
  refused: "central refused the new key: see central's log, or ask its admin.",
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { config: { type: 'string' } });
  if (values.help) {
    process.stdout.write(`usage: ${kiosk.usage}\n`);
    return 0;
  }
  const { config } = loadConfig(values.config);
  const dataDir = resolve(config.dataDir);
  let rotation;
  try {
    rotation = rotateSigningKey(config.signing, dataDir);
  } catch (err) {
    if (err instanceof KeyRotationRefused) throw new UsageError(err.message);
    throw err;
  }
  const lines = [
    `new signing key ${rotation.current.keyId} in ${rotation.keyFile}`,
    `old key ${rotation.previous.keyId}: its public half is kept in ${rotation.retiredFile} (documents it signed still verify)`,
  ];
  const urls = centralUrls(config.central);
  if (urls.includes('embedded')) lines.push('central is the embedded demo server: nothing to register.');
  else {
    const registration = new KeyRegistration({
      central: new FailoverCentral({
        baseUrls: urls,
        token: config.central.token,
        timeoutMs: config.central.timeoutMs,
      }),
      log: silentLogger(),
      dataDir,
      key: rotation.current.published,
    });
    lines.push(REGISTERED[await registration.ensure()]);
  }
  lines.push('Restart the kiosk to sign with the new key.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
