/**
 * The Electron app contains no central server: nothing its main process loads (statically or with a
 * dynamic import, which a bundler includes all the same) comes from central/. The command line starts
 * the demo's built-in central and hands Electron its URL (main/cli/hosted-kiosk.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Every source file of this repository that `entry` loads, directly or through others. */
function loadedBy(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const ts = resolve(dirname(file), spec!).replace(/\.js$/, '.ts');
      if (existsSync(ts)) visit(ts);
    }
  };
  visit(resolve(ROOT, entry));
  return [...seen].map((f) => relative(ROOT, f));
}

describe('the Electron app', () => {
  it('loads nothing from central/', () => {
    const files = loadedBy('main/electron/main.ts');
    expect(files).toContain('main/core/kiosk-core.ts');
    expect(files.filter((f) => f.startsWith('central/'))).toEqual([]);
  });

  it('(the check sees central where the command line starts it)', () => {
    expect(loadedBy('main/cli/hosted-kiosk.ts')).toContain('central/server.ts');
  });
});
