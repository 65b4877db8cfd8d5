/**
 * `estation settings publish FILE.json`: signs settings (a JSON object of the keys central may set:
 * branding, session, language, staff) with a publisher key and publishes them at central for all
 * stations or some. Stations that trust the key verify and apply them (main/core/settings-sync.ts).
 */
import { readFileSync } from 'node:fs';
import { CentralSettings, SettingsRelease } from '../../shared/central-api.js';
import { signDocument } from '../../templates/engine/index.js';
import { adminToken, publishSigned, readKeyFile } from './admin-client.js';
import { parse, UsageError } from './args.js';
import { settings as settingsCommand } from './descriptors/settings.js';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] !== 'publish') throw new UsageError(`usage: ${settingsCommand.usage}`);
  const { values, positionals } = parse(
    argv.slice(1),
    {
      version: { type: 'string' },
      key: { type: 'string' },
      central: { type: 'string' },
      terminal: { type: 'string', multiple: true },
      'admin-token': { type: 'string' },
    },
    true,
  );
  const file = positionals[0];
  if (!file) throw new UsageError('publish needs the settings file (JSON)');
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1)
    throw new UsageError('--version N is required: a whole number above every version published before');
  if (!values.key)
    throw new UsageError('--key PEM is required: the publisher key the stations trust (publishing.publisherKeys)');
  if (!values.central) throw new UsageError('--central URL is required');
  const token = adminToken(values['admin-token']);
  let settings;
  try {
    settings = CentralSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new UsageError(`${file} is not valid settings: ${(err as Error).message.slice(0, 500)}`);
  }
  const release = SettingsRelease.parse({
    format: 'estation-settings/1',
    version,
    terminals: values.terminal?.length ? values.terminal : ['*'],
    settings,
  });
  const key = readKeyFile(values.key);
  const signed = signDocument(release, key);
  const { status, body } = await publishSigned('publishSettings', values.central, token, signed);
  if (status !== 201) {
    process.stderr.write(
      `central refused settings version ${version} (${status} ${body.error ?? ''}): ${body.message ?? ''}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Published settings version ${version} for ${release.terminals.join(', ')} (key ${signed.keyId}). Stations that trust this key apply them at their next sync.\n`,
  );
  return 0;
}
