/**
 * `estation template list`: the installed templates with their versions, kinds and languages.
 * `estation template publish DIR`: signs a bundle folder with a publisher key and publishes it at
 * central, from where the kiosks that trust the key fetch, verify and activate it (after central's
 * checks; `--to-group` for a pilot group first). `promote` and `rollback`: main/cli/template-rollout.ts.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_DIR, loadTemplateBundle, packRelease, signRelease } from '../../templates/engine/index.js';
import { adminToken, publishSigned, readKeyFile } from './admin-client.js';
import { MAX_CHECK_PEOPLE } from '../../central/releases/publish-checks.js';
import { intOption, parse, UsageError } from './args.js';
import { promote, refusalLines, rollback } from './template-rollout.js';
import { withdraw } from './template-withdraw.js';
import { template } from './descriptors/template.js';

async function publish(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      key: { type: 'string' },
      central: { type: 'string' },
      'admin-token': { type: 'string' },
      'to-group': { type: 'string' },
      'check-people': { type: 'string' },
    },
    true,
  );
  const checkPeople = intOption(values['check-people'], 'check-people', 0, MAX_CHECK_PEOPLE);
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
  const query = {
    ...(values['to-group'] ? { toGroup: values['to-group'] } : {}),
    ...(checkPeople !== undefined ? { checkPeople: String(checkPeople) } : {}),
  };
  const { status, body: answer } = await publishSigned('publishTemplate', values.central, token, signed, query);
  if (status !== 201) {
    process.stderr.write(
      `central refused ${release.id}@${release.version} (${status} ${answer.error ?? ''}): ${answer.message ?? ''}\n`,
    );
    for (const line of refusalLines(answer)) process.stderr.write(`${line}\n`);
    return 1;
  }
  const who = values['to-group']
    ? `Kiosks of group ${values['to-group']} that trust this key install it at their next sync; the others once you promote it (estation template promote ${release.id} ${release.version}).`
    : 'Kiosks that trust this key install it at their next sync.';
  process.stdout.write(
    `Published ${release.id}@${release.version} (sha256 ${answer.sha256}, key ${signed.keyId}). ${who}\n`,
  );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'publish') return publish(argv.slice(1));
  if (argv[0] === 'promote') return promote(argv.slice(1));
  if (argv[0] === 'rollback') return rollback(argv.slice(1));
  if (argv[0] === 'withdraw') return withdraw(argv.slice(1));
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
