/**
 * `estation central backup --out FILE [--data DIR]` and `estation central restore FILE [--data DIR]`:
 * a consistent copy of central's database while it serves, and putting one back (central/backup.ts;
 * docs/central.md, "Backup and restore").
 */
import { resolve } from 'node:path';
import { BackupError, backupCentral, restoreCentral, type DatabaseCheck } from '../../../central/backup.js';
import { parse, printLines, UsageError } from '../args.js';

export async function run(sub: 'backup' | 'restore', argv: string[]): Promise<number> {
  try {
    return sub === 'backup' ? await backup(argv) : restore(argv);
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    process.stderr.write(`${err.message}\nNothing was changed.\n`);
    return 1;
  }
}

async function backup(argv: string[]): Promise<number> {
  const { values } = parse(argv, { data: { type: 'string' }, out: { type: 'string' } });
  if (!values.out) throw new UsageError('backup needs --out FILE: where to write the copy of the central database');
  const dataDir = resolve(values.data ?? '.data/central');
  const out = resolve(values.out);
  const check = await backupCentral(dataDir, out);
  printLines([`Central database of ${dataDir} backed up to ${out} (readable by this user only).`, ...summary(check)]);
  return 0;
}

function restore(argv: string[]): number {
  const { values, positionals } = parse(argv, { data: { type: 'string' } }, true);
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError('restore needs one backup file: estation central restore FILE');
  const dataDir = resolve(values.data ?? '.data/central');
  const result = restoreCentral(resolve(file), dataDir);
  printLines([
    `Restored ${resolve(file)} as the central database of ${dataDir}.`,
    result.keptAside
      ? `The database it replaced is kept as ${result.keptAside} (delete it yourself once you are sure).`
      : 'The folder had no central database before.',
    ...summary(result),
  ]);
  return 0;
}

function summary(check: DatabaseCheck): string[] {
  const { documents = 0, people = 0, terminals = 0 } = check.rows;
  return [
    `Integrity check ok; schema version ${check.schemaVersion}; ${documents} documents, ${people} people, ${terminals} terminals.`,
  ];
}
