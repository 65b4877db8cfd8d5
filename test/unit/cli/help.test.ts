import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../../main/cli/commands.js';
import { main } from '../../../main/cli/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Runs `estation ...argv` in this process and returns what it wrote to standard output. */
async function stdoutOf(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out };
}

afterEach(() => vi.restoreAllMocks());

describe('estation help', () => {
  it('lists every command with the summary its descriptor declares, in the table order', async () => {
    const { code, out } = await stdoutOf(['--help']);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => l.startsWith('  '));
    // The summaries line up after the longest name (campus-card).
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    expect(width).toBe('campus-card'.length);
    expect(rows).toEqual(COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`));
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('`estation %s --help` shows its descriptor', async (name, c) => {
    const { code, out } = await stdoutOf([name, '--help']);
    expect(code).toBe(0);
    expect(out).toBe(`${c.summary}\n\nUsage: ${c.usage}\n`);
  });

  it('names each command once', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('each descriptor loads an implementation that runs', async () => {
    for (const c of COMMANDS) expect(typeof (await c.load()).run, c.name).toBe('function');
  });

  it('a command reports its usage mistakes with the usage its descriptor declares', async () => {
    const settings = COMMANDS.find((c) => c.name === 'settings')!;
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    expect(await main(['settings', 'unpublish'])).toBe(2);
    expect(err).toBe(`estation settings: usage: ${settings.usage}\n`);
  });
});

describe('what the help path loads', () => {
  /** Every module reachable from entry (static and dynamic imports), with its imports, as esbuild resolves them. */
  async function importsOf(entry: string): Promise<Metafile['inputs']> {
    const { metafile } = await build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outdir: 'out/unused',
      logLevel: 'silent',
    });
    return metafile.inputs;
  }

  /** The modules and packages the CLI entry imports statically (what loads before any command runs). */
  async function staticGraph(): Promise<{ modules: string[]; packages: string[] }> {
    const inputs = await importsOf('main/cli/index.ts');
    const modules = new Set<string>();
    const packages = new Set<string>();
    const visit = (path: string) => {
      if (modules.has(path)) return;
      modules.add(path);
      for (const imp of inputs[path]?.imports ?? []) {
        if (imp.kind !== 'import-statement') continue; // dynamic import(): loaded only when run
        if (imp.external) packages.add(imp.path);
        else visit(imp.path);
      }
    };
    visit('main/cli/index.ts');
    return { modules: [...modules].sort(), packages: [...packages].sort() };
  }

  it('is the entry, the command table and the descriptors: no command implementation, no package', async () => {
    const { modules, packages } = await staticGraph();
    expect(packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect(modules.filter((m) => /-command\.ts$|kiosk-host|central\/|templates\/|drivers\//.test(m))).toEqual([]);
    expect(modules).toEqual(
      expect.arrayContaining(['main/cli/index.ts', 'main/cli/commands.ts', 'main/cli/descriptors/printer.ts']),
    );
  });

  it('would notice a heavy import (the check sees what a command implementation pulls in)', async () => {
    const inputs = await importsOf('main/cli/central-command.ts');
    const external = Object.values(inputs).flatMap((i) => i.imports.filter((x) => x.external));
    expect(external.map((x) => x.path)).toContain('fastify');
  });
});
