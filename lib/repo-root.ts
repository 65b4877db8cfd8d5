/**
 * The checkout (or installed package) this code runs from. The same module runs from source
 * (lib/) and compiled (out/node/lib/, bin/build-node.mjs), at different depths, so the folder is
 * found by walking up to the package.json rather than by counting "..".
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findRepoRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: is E-station installed whole?`);
  }
}

export const REPO_ROOT = findRepoRoot();
