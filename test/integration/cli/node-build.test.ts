/**
 * bin/estation runs the compiled JavaScript (bin/build-node.mjs) and never an out-of-date build:
 * each run here builds into a scratch folder of its own (ESTATION_NODE_OUT), inside the repository
 * so that packages resolve as they do from out/node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'estation');
let scratch: string;

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, '.tmp', 'node-build-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function estation(out: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ESTATION_NODE_OUT: out, ESTATION_FROM_SOURCE: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stampOf = (out: string) =>
  JSON.parse(readFileSync(join(out, '.build-stamp.json'), 'utf8')) as { newestMs: number };

describe('the compiled command line', () => {
  it('is built on first use and then runs without rebuilding', () => {
    const out = join(scratch, 'first');
    const first = estation(out, '--help');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Usage: estation <command> [options]');
    expect(existsSync(join(out, 'main', 'cli', 'index.js'))).toBe(true);
    expect(existsSync(join(out, 'templates', 'engine', 'render-worker.js'))).toBe(true);
    expect(existsSync(join(out, 'main', 'electron'))).toBe(false);

    const built = statSync(join(out, '.build-stamp.json')).mtimeMs;
    const again = estation(out, 'template', 'list', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ broken: [] });
    expect(statSync(join(out, '.build-stamp.json')).mtimeMs).toBe(built);
  });

  it('has a render worker that runs compiled, beside the pool that starts it', () => {
    const out = join(scratch, 'worker');
    estation(out, '--help');
    const engine = pathToFileURL(join(out, 'templates', 'engine', 'index.js')).href;
    const script = `
      const { RenderPool, loadTemplateBundle, builtinTemplateDir } = await import(${JSON.stringify(engine)});
      const pool = new RenderPool();
      const template = loadTemplateBundle(builtinTemplateDir('enrollment-zh'));
      const { pages, pdf } = await pool.render(template, template.sample);
      await pool.close();
      console.log(JSON.stringify({ pages, pdf: Buffer.from(pdf.subarray(0, 5)).toString('latin1') }));`;
    const file = join(scratch, 'render-with-pool.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ pages: 1, pdf: '%PDF-' });
  });

  it('runs the compiled files, not the sources', () => {
    const out = join(scratch, 'marked');
    estation(out, '--help');
    // Tamper with the compiled help (the stamp still says the build is fresh): the run shows it.
    const index = join(out, 'main', 'cli', 'index.js');
    writeFileSync(index, readFileSync(index, 'utf8').replace('E-station: campus', 'COMPILED E-station: campus'));
    expect(estation(out, '--help').stdout).toContain('COMPILED E-station: campus');
  });

  it('is rebuilt when a source file is newer than the build, so old code never runs', () => {
    const out = join(scratch, 'stale');
    estation(out, '--help');
    const index = join(out, 'main', 'cli', 'index.js');
    writeFileSync(index, readFileSync(index, 'utf8').replace('E-station: campus', 'OLD E-station: campus'));
    const before = stampOf(out).newestMs;
    // A source edited since the build (its content stays; its time is what a save or checkout changes).
    const source = join(ROOT, 'main', 'cli', 'descriptors', 'bench.ts');
    const now = new Date(Math.max(Date.now(), before + 1000));
    utimesSync(source, now, now);

    const run = estation(out, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('OLD E-station');
    expect(run.stdout).toContain('E-station: campus self-service document kiosk');
    expect(stampOf(out).newestMs).toBeGreaterThan(before);
  });

  it('says so and runs the sources through tsx when it cannot build', () => {
    const blocker = join(scratch, 'blocker');
    writeFileSync(blocker, 'a file where the build folder would go');
    const run = estation(join(blocker, 'node'), '--help');
    expect(run.stderr).toMatch(/is not built and could not be built .*running the TypeScript sources through tsx/);
    expect(run.stderr).toContain('npm run build:node');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: estation <command> [options]');
  });
});
