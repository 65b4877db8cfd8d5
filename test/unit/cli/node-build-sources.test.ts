/**
 * The compiled command line (bin/build-node.mjs) compiles a list of folders and files, not an import
 * graph: a source that a command imports from elsewhere (the printer benchmark's private cupsd lives
 * in test/helpers) would be missing from out/node, and that command would fail only when run.
 */
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types; listSources() returns paths relative to the root.
import { listSources } from '../../../bin/build-node.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the compiled command line', () => {
  it('compiles every TypeScript source that any command (benchmarks included) imports', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'main', 'cli', 'index.ts')],
      bundle: true, // follows static imports and import() of literal paths: every command's implementation
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const imported = Object.keys(result.metafile.inputs)
      .map((p) => relative(ROOT, join(process.cwd(), p)))
      .filter((p) => p.endsWith('.ts'));
    const compiled = new Set<string>(listSources(ROOT) as string[]);
    expect(imported.length).toBeGreaterThan(100);
    expect(imported).toContain(join('main', 'bench', 'printer.ts'));
    expect(imported.filter((p) => !compiled.has(p))).toEqual([]);
  });
});
