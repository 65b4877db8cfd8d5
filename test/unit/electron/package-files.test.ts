/**
 * What the Electron installer may contain: only electron-vite's output for the app. A pattern such as
 * `out/**` would also pack the demo's printed documents (out/prints: students' names and grades) and
 * the command line's build from the machine that ran `npm run dist`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The `files:` list of electron-builder.yml (a flat list of quoted or plain patterns). */
function packagedPatterns(): string[] {
  const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
  const block = /^files:\n((?:[ \t]+(?:-.*|#.*)\n)+)/m.exec(yml)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => /^\s*-\s*'?([^'#]+?)'?\s*$/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined);
}

describe('the Electron package', () => {
  it('contains electron-vite output and package.json only, never all of out/ (demo prints, the CLI build)', () => {
    const included = packagedPatterns().filter((p) => !p.startsWith('!'));
    expect(included).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
  });
});
