/**
 * `estation template list`: the installed templates with their versions, kinds and languages.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_DIR, loadTemplateBundle } from '../../templates/engine/index.js';
import { parse, UsageError } from './args.js';
import type { Command } from './commands.js';

export const command: Command = {
  summary: 'list the installed templates',
  usage: 'estation template list [--dir DIR] [--json]',
  async run(argv) {
    if (argv[0] !== 'list') throw new UsageError('usage: estation template list [--dir DIR] [--json]');
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
      for (const r of rows) process.stdout.write(`${[r.id.padEnd(w), r.version.padEnd(7), r.kind.padEnd(14), r.language.padEnd(4), r.title].join('  ')}\n`);
      for (const b of broken) process.stderr.write(`broken bundle ${b}\n`);
    }
    return broken.length ? 1 : 0;
  },
};
