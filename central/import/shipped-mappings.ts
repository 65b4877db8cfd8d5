/**
 * The mappings shipped in central/import/mappings/, named without their folder: `--mapping
 * jwxt-students` is central/import/mappings/jwxt-students.json of the installed E-station.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { ImportFileError } from './problems.js';

export const SHIPPED_MAPPINGS = join(REPO_ROOT, 'central', 'import', 'mappings');

/** A mapping argument as a file: a path as given, or the name of a shipped mapping. */
export function mappingPath(arg: string): string {
  if (existsSync(arg) || !/^[a-z0-9][a-z0-9-]*$/i.test(arg)) return arg;
  const shipped = join(SHIPPED_MAPPINGS, `${arg}.json`);
  if (existsSync(shipped)) return shipped;
  const names = readdirSync(SHIPPED_MAPPINGS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
  throw new ImportFileError({
    file: arg,
    message: `no such mapping file, and no shipped mapping of that name (shipped: ${names.join(', ')})`,
  });
}
