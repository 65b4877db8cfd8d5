/**
 * Failure (issue #12, finding 13): `npm run dist` on a fresh build machine failed deep inside
 * @electron/rebuild (node-hid and usb compiled from source) and, offline, at Electron's download, with
 * nothing saying which step was missing what. `npm run dist:check` runs every step before packaging
 * (the one that needs Electron's zip) as a real process and says where it stopped, why, and what to do.
 * It runs with --no-build on a scratch app build here: the electron-vite build itself is covered by
 * test/integration/electron/bundle.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types (it runs before anything is compiled).
import { APP_FILES, runSteps, STEPS } from '../../../scripts/packaging/steps.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ELECTRON = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
// A built app inside the repository (as electron-vite's ESTATION_BUILD_OUT must be), and an empty home.
const out = join(ROOT, '.tmp', `dist-check-${process.pid}`);
const base = mkdtempSync(join(tmpdir(), 'estation-dist-check-'));
for (const f of APP_FILES as string[]) {
  mkdirSync(join(out, f, '..'), { recursive: true });
  writeFileSync(join(out, f), '');
}
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
});

function check(env: Record<string, string>) {
  const home = mkdtempSync(join(base, 'home-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'packaging', 'check.mjs'), '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      HOME: home,
      ESTATION_BUILD_OUT: relative(ROOT, out),
      ESTATION_ELECTRON_GYP: join(home, '.electron-gyp'),
      ...env,
    },
  });
  return { code: r.status, out: r.stdout + r.stderr, home };
}

function headers(): string {
  const dir = mkdtempSync(join(base, 'gyp-'));
  mkdirSync(join(dir, ELECTRON, 'include', 'node'), { recursive: true });
  writeFileSync(join(dir, ELECTRON, 'include', 'node', 'node_version.h'), '');
  return dir;
}

function electronDist(version: string): string {
  const dir = mkdtempSync(join(base, 'electron-'));
  writeFileSync(join(dir, 'electron'), '', { mode: 0o755 });
  writeFileSync(join(dir, 'version'), `${version}\n`);
  return dir;
}

describe('npm run dist:check', () => {
  it("an offline build machine without Electron's headers: stops at them, says where to get them", () => {
    const r = check({});
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/^ok {6}Prebuilt N-API binaries .*only better-sqlite3 is rebuilt$/m);
    expect(r.out).toMatch(/^ok {6}The app built by electron-vite .*not rebuilt: --no-build/m);
    expect(r.out).toContain('Packaging stops at "electron-headers"');
    expect(r.out).toContain(`https://www.electronjs.org/headers/v${ELECTRON}/node-v${ELECTRON}-headers.tar.gz`);
  });

  it('an offline build machine without Electron: stops before packaging and names ESTATION_ELECTRON_DIST', () => {
    const r = check({ ESTATION_ELECTRON_GYP: headers() });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('Packaging stops at "electron-dist"');
    expect(r.out).toContain(`Electron ${ELECTRON} for ${process.platform}-${process.arch} is not on this machine`);
    expect(r.out).toMatch(/set ESTATION_ELECTRON_DIST to it\.$/m);
  });

  it('a local Electron of another version is refused, naming both versions', () => {
    const r = check({ ESTATION_ELECTRON_GYP: headers(), ESTATION_ELECTRON_DIST: electronDist('1.2.3') });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`holds Electron 1.2.3, the app needs ${ELECTRON}`);
  });

  it('with a local Electron distribution every step before packaging passes', () => {
    const dist = electronDist(ELECTRON);
    const r = check({ ESTATION_ELECTRON_GYP: headers(), ESTATION_ELECTRON_DIST: dist });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`ESTATION_ELECTRON_DIST: ${dist}`);
    expect(r.out).toContain('Every step before packaging passed');
    expect(r.out).not.toContain('STOPPED');
  });

  it('a machine without a compiler stops first and names the prerequisites script', () => {
    const run = runSteps({
      root: ROOT,
      outDir: relative(ROOT, out),
      env: {},
      platform: process.platform,
      arch: process.arch,
      electronVersion: ELECTRON,
      build: false,
      has: (c: string) => c !== 'c++',
      runBuild: () => ({ ok: true, output: '' }),
    });
    expect(run.stoppedAt).toBe('build-tools');
    expect(run.results).toEqual([
      expect.objectContaining({
        ok: false,
        why: 'c++ not found',
        fix: expect.stringContaining('scripts/packaging-prereqs.sh'),
      }),
    ]);
    expect((STEPS as { id: string }[]).map((s) => s.id)).toEqual([
      'build-tools',
      'prebuilds',
      'app-build',
      'electron-headers',
      'electron-dist',
    ]);
  });
});
