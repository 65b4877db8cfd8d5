/**
 * `estation template list`: the installed templates with their versions, kinds and languages.
 * `estation template publish DIR`: signs a bundle folder with a publisher key and publishes it at
 * central, from where the kiosks that trust the key fetch, verify and activate it.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_DIR, loadTemplateBundle, packRelease, signRelease } from '../../templates/engine/index.js';
import { adminToken, publishSigned, readKeyFile } from './admin-client.js';
import { parse, UsageError } from './args.js';
import { template } from './descriptors/template.js';

async function publish(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { key: { type: 'string' }, central: { type: 'string' }, 'admin-token': { type: 'string' } },
    true,
  );
  const dir = positionals[0];
  if (!dir) throw new UsageError('publish needs the template bundle folder');
  if (!values.key)
    throw new UsageError('--key PEM is required: the publisher key the kiosks trust (publishing.publisherKeys)');
  if (!values.central) throw new UsageError('--central URL is required');
  const token = adminToken(values['admin-token']);
  let release;
  try {
    release = packRelease(resolve(dir));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const key = readKeyFile(values.key);
  const signed = signRelease(release, key);
  const { status, body: answer } = await publishSigned('publishTemplate', values.central, token, signed);
  if (status !== 201) {
    process.stderr.write(
      `central refused ${release.id}@${release.version} (${status} ${answer.error ?? ''}): ${answer.message ?? ''}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Published ${release.id}@${release.version} (sha256 ${answer.sha256}, key ${signed.keyId}). Kiosks that trust this key install it at their next sync.\n`,
  );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'publish') return publish(argv.slice(1));
  if (argv[0] !== 'list') throw new UsageError(`usage: ${template.usage}`);
  const { values } = parse(argv.slice(1), { dir: { type: 'string' }, json: { type: 'boolean' } });
  const dir = values.dir ?? BUILTIN_DIR;
  const rows: { id: string; version: string; kind: string; language: string; title: string }[] = [];
  const broken: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    try {
      const { manifest: m } = loadTemplateBundle(join(dir, entry.name));
      rows.push({ id: m.id, version: m.version, kind: m.kind, language: m.language, title: m.title });
    } catch (err) {
      broken.push(`${entry.name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  rows.sort((a, b) => a.id.localeCompare(b.id));
  if (values.json) process.stdout.write(`${JSON.stringify({ templates: rows, broken })}\n`);
  else {
    const w = Math.max(2, ...rows.map((r) => r.id.length));
    process.stdout.write(`${['ID'.padEnd(w), 'VERSION', 'KIND'.padEnd(14), 'LANG', 'TITLE'].join('  ')}\n`);
    for (const r of rows)
      process.stdout.write(
        `${[r.id.padEnd(w), r.version.padEnd(7), r.kind.padEnd(14), r.language.padEnd(4), r.title].join('  ')}\n`,
      );
    for (const b of broken) process.stderr.write(`broken bundle ${b}\n`);
  }
  return broken.length ? 1 : 0;
}
