// The packaging pipeline as steps, in order, each saying plainly whether it can go on and, if not, why and
// what to do. `npm run dist:check` (check.mjs) runs every step before packaging itself, the one that
// needs Electron's zip; `npm run dist` (dist.mjs) runs them, then rebuilds better-sqlite3 and packages. Plain JavaScript: it runs before anything
// is compiled, on a build machine that may have no internet access.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PREREQS_SCRIPT = 'scripts/packaging-prereqs.sh';

/**
 * Native modules of the app and how each reaches Electron. N-API modules load in Electron as they are,
 * from the prebuilds they ship (prebuilds/<folder>); only better-sqlite3 is built against Electron's ABI.
 */
export const NATIVE_MODULES = [
  { name: '@serialport/bindings-cpp', prebuilds: (p, a) => [`${p}-${a}`] },
  { name: 'node-hid', prebuilds: (p, a) => [`HID-${p}-${a}`, `HID_hidraw-${p}-${a}`] },
  { name: 'usb', prebuilds: (p, a) => [`${p}-${a}`] },
];
export const REBUILT_FOR_ELECTRON = ['better-sqlite3'];

/** What electron-vite builds (into out/, or ESTATION_BUILD_OUT as electron.vite.config.ts) and electron-builder.yml packages. */
export const APP_FILES = ['main/index.js', 'preload/index.cjs', 'renderer/index.html'];

/**
 * @typedef {{ root: string, outDir: string, env: Record<string, string | undefined>, platform: string, arch: string,
 *   electronVersion: string, build: boolean, has: (command: string) => boolean,
 *   runBuild: () => { ok: boolean, output: string } }} Context
 * @typedef {{ ok: true, detail: string } | { ok: false, why: string, fix: string }} Outcome
 */

export function defaultContext(root, { build = true } = {}) {
  const electronVersion = JSON.parse(
    readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version;
  return {
    root,
    outDir: process.env.ESTATION_BUILD_OUT ?? 'out',
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    electronVersion,
    build,
    has: (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0,
    runBuild: () => {
      const r = spawnSync(
        process.execPath,
        [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
    },
  };
}

/** Electron's unpacked distribution for electron-builder's `electronDist`, if this machine has one. */
export function localElectronDist(ctx) {
  const dir = ctx.env.ESTATION_ELECTRON_DIST;
  if (!dir) return { dir: null, problem: null };
  const exe = ctx.platform === 'win32' ? 'electron.exe' : ctx.platform === 'darwin' ? 'Electron.app' : 'electron';
  if (!existsSync(join(dir, exe)))
    return { dir: null, problem: `ESTATION_ELECTRON_DIST is ${dir}, but there is no ${exe} in it` };
  const versionFile = join(dir, 'version');
  const version = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') : null;
  if (version !== ctx.electronVersion)
    return {
      dir: null,
      problem: `ESTATION_ELECTRON_DIST (${dir}) holds Electron ${version ?? '(no version file)'}, the app needs ${ctx.electronVersion}`,
    };
  return { dir, problem: null };
}

/** The zip @electron/get would download, if it is in its cache already. */
function cachedElectronZip(ctx) {
  const cache = ctx.env.electron_config_cache ?? ctx.env.ELECTRON_CACHE ?? join(homedir(), '.cache', 'electron');
  const name = `electron-v${ctx.electronVersion}-${ctx.platform}-${ctx.arch}.zip`;
  if (!existsSync(cache)) return null;
  if (existsSync(join(cache, name))) return join(cache, name);
  for (const sub of readdirSync(cache)) {
    const candidate = join(cache, sub, name);
    if (statSync(join(cache, sub)).isDirectory() && existsSync(candidate)) return candidate;
  }
  return null;
}

/** @type {{ id: string, title: string, run: (ctx: Context) => Outcome }[]} */
export const STEPS = [
  {
    id: 'build-tools',
    title: 'Build tools for the one module built for Electron (better-sqlite3)',
    run(ctx) {
      const missing = ['c++', 'make', 'python3'].filter((c) => !ctx.has(c));
      return missing.length
        ? { ok: false, why: `${missing.join(', ')} not found`, fix: `run sudo ${PREREQS_SCRIPT} (Debian/Ubuntu)` }
        : { ok: true, detail: 'c++, make and python3 found' };
    },
  },
  {
    id: 'prebuilds',
    title: 'Prebuilt N-API binaries of serialport, node-hid and usb for this platform (no compiling)',
    run(ctx) {
      const missing = NATIVE_MODULES.filter(
        (m) =>
          !m
            .prebuilds(ctx.platform, ctx.arch)
            .some((d) => existsSync(join(ctx.root, 'node_modules', m.name, 'prebuilds', d))),
      ).map((m) => m.name);
      return missing.length
        ? {
            ok: false,
            why: `${missing.join(', ')} ship no prebuilt binary for ${ctx.platform}-${ctx.arch}; they would be compiled from source`,
            fix: `build on linux-x64, linux-arm64 or win32-x64, or run sudo ${PREREQS_SCRIPT} and rebuild them with C++17`,
          }
        : { ok: true, detail: `all three ship ${ctx.platform}-${ctx.arch} prebuilds; only better-sqlite3 is rebuilt` };
    },
  },
  {
    id: 'app-build',
    title: 'The app built by electron-vite (main, preload, renderer)',
    run(ctx) {
      if (ctx.build) {
        const r = ctx.runBuild();
        if (!r.ok)
          return { ok: false, why: `electron-vite build failed:\n${r.output}`, fix: 'fix the build error above' };
      }
      const missing = APP_FILES.map((f) => join(ctx.outDir, f)).filter((f) => !existsSync(join(ctx.root, f)));
      if (missing.length)
        return { ok: false, why: `${missing.join(', ')} missing`, fix: 'run npx electron-vite build' };
      return {
        ok: true,
        detail: ctx.build ? `built into ${ctx.outDir}/` : `found in ${ctx.outDir}/ (not rebuilt: --no-build)`,
      };
    },
  },
  {
    id: 'electron-headers',
    title: `Electron's headers, to build better-sqlite3 for Electron's ABI`,
    run(ctx) {
      const dir = join(ctx.env.ESTATION_ELECTRON_GYP ?? join(homedir(), '.electron-gyp'), ctx.electronVersion);
      if (existsSync(join(dir, 'include', 'node', 'node_version.h'))) return { ok: true, detail: `found in ${dir}` };
      return {
        ok: false,
        why: `Electron ${ctx.electronVersion}'s headers are not in ${dir}; building better-sqlite3 downloads them from electronjs.org`,
        fix: `connect this machine to the internet, or unpack https://www.electronjs.org/headers/v${ctx.electronVersion}/node-v${ctx.electronVersion}-headers.tar.gz (its node_headers folder's content) into ${dir}`,
      };
    },
  },
  {
    id: 'electron-dist',
    title: `Electron itself (the zip electron-builder packages)`,
    run(ctx) {
      const local = localElectronDist(ctx);
      if (local.dir) return { ok: true, detail: `ESTATION_ELECTRON_DIST: ${local.dir}` };
      if (local.problem)
        return {
          ok: false,
          why: local.problem,
          fix: 'point ESTATION_ELECTRON_DIST at the unpacked Electron zip of that version',
        };
      const zip = cachedElectronZip(ctx);
      if (zip) return { ok: true, detail: `in the download cache: ${zip}` };
      return {
        ok: false,
        why: `Electron ${ctx.electronVersion} for ${ctx.platform}-${ctx.arch} is not on this machine (no ESTATION_ELECTRON_DIST, nothing in the download cache)`,
        fix: `connect this machine to the internet (electron-builder downloads it), or unpack electron-v${ctx.electronVersion}-${ctx.platform}-${ctx.arch}.zip into a folder and set ESTATION_ELECTRON_DIST to it`,
      };
    },
  },
];

/** Runs the steps in order and stops at the first that cannot go on: the result says where and why. */
export function runSteps(ctx, steps = STEPS) {
  const results = [];
  for (const step of steps) {
    const outcome = step.run(ctx);
    results.push({ id: step.id, title: step.title, ...outcome });
    if (!outcome.ok) return { results, stoppedAt: step.id };
  }
  return { results, stoppedAt: null };
}

/** The report a person reads: one line per step, then where it stopped and what to do. */
export function report(run) {
  const lines = run.results.map((r) => `${r.ok ? 'ok     ' : 'STOPPED'} ${r.title}: ${r.ok ? r.detail : r.why}`);
  const failed = run.results.find((r) => !r.ok);
  if (failed) lines.push('', `Packaging stops at "${failed.id}": ${failed.why}`, `To go on: ${failed.fix}.`);
  else lines.push('', 'Every step before packaging passed: npm run dist can package.');
  return lines.join('\n');
}
