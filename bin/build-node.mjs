#!/usr/bin/env node
// Compiles the Node side (command line, kiosk core, central, render worker) from TypeScript to
// JavaScript in out/node/, one .js file per .ts file in the same folder layout, so that
// `bin/estation` starts without transpiling anything. The compiler is esbuild, the one tsx uses in
// development and tests, so the compiled code behaves exactly as the sources do there; packages
// (native modules included) are not bundled, they load from node_modules as before.
//
// `npm ci` runs this through the `prepare` script; `bin/estation` runs it again whenever a source
// file is newer than the build (see buildState), so a checkout never runs old code.
// Plain JavaScript on purpose: it has to run before anything is compiled.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(import.meta.dirname, '..');

/** The folders compiled, relative to the repository; a missing one is skipped. */
export const SOURCE_DIRS = ['main', 'central', 'campus-card', 'templates', 'drivers', 'kiosk-config', 'shared', 'lib'];
/** Single files outside those folders that compiled code imports: the printer benchmark's private cupsd. */
export const EXTRA_SOURCES = [join('test', 'helpers', 'cupsd.ts'), join('test', 'helpers', 'private-daemon.ts')];
/** Built by electron-vite into out/main instead (electron.vite.config.ts). */
const EXCLUDED_DIRS = new Set([join('main', 'electron'), 'node_modules']);
const STAMP = '.build-stamp.json';
/** The command line's entry in the build. */
export const CLI_ENTRY = join('main', 'cli', 'index.js');

/**
 * Where the build goes. ESTATION_NODE_OUT moves it (tests build into a scratch folder); it must stay
 * inside the repository so that packages still resolve from its node_modules.
 */
export function nodeBuildPaths({ root = REPO_ROOT, env = process.env } = {}) {
  return { root, out: env.ESTATION_NODE_OUT ? resolve(root, env.ESTATION_NODE_OUT) : join(root, 'out', 'node') };
}

function walk(root, dir, found) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!EXCLUDED_DIRS.has(rel) && entry.name !== 'node_modules') walk(root, rel, found);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(rel);
  }
}

/** Every TypeScript source the build compiles, relative to root. */
export function listSources(root = REPO_ROOT) {
  const found = [];
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(root, dir, found);
  for (const file of EXTRA_SOURCES) if (existsSync(join(root, file))) found.push(file);
  return found.sort();
}

/**
 * What the build was made from: the number of sources and the newest modification time among
 * them and this script. A source edited, added, removed or checked out since changes one of the two.
 */
function sourceState(root, sources) {
  let newestMs = statSync(import.meta.filename).mtimeMs;
  for (const rel of sources) newestMs = Math.max(newestMs, statSync(join(root, rel)).mtimeMs);
  return { count: sources.length, newestMs };
}

/** 'fresh', 'missing' (never built) or 'stale' (a source changed since): a few hundred stat calls. */
export function buildState(paths = nodeBuildPaths()) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(paths.out, STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  const now = sourceState(paths.root, listSources(paths.root));
  return stamp.count === now.count && stamp.newestMs === now.newestMs ? 'fresh' : 'stale';
}

/** Replaces a file in one step, so that a process starting meanwhile never reads half of it. */
function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** Deletes compiled files whose source is gone, so that nothing can import them by mistake. */
function removeOrphans(out, expected, dir = out) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) removeOrphans(out, expected, file);
    else if (entry.name.endsWith('.js') && !expected.has(relative(out, file))) rmSync(file, { force: true });
  }
}

/** Compiles every source into paths.out and writes the stamp last. Returns the number of files. */
export async function buildNode(paths = nodeBuildPaths()) {
  const { build } = await import('esbuild');
  const sources = listSources(paths.root);
  const state = sourceState(paths.root, sources);
  const result = await build({
    absWorkingDir: paths.root,
    entryPoints: sources,
    outdir: paths.out,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    write: false,
    logLevel: 'silent',
  });
  const expected = new Set();
  for (const file of result.outputFiles) {
    writeAtomically(file.path, file.contents);
    expected.add(relative(paths.out, file.path));
  }
  removeOrphans(paths.out, expected);
  writeAtomically(join(paths.out, STAMP), `${JSON.stringify(state)}\n`);
  return sources.length;
}

/**
 * The URL of the compiled command line, built or rebuilt first if needed; null (with the reason on
 * stderr) when it cannot be built here, and the caller runs the sources through tsx instead.
 */
export async function ensureNodeBuild(paths = nodeBuildPaths(), warn = (m) => process.stderr.write(`${m}\n`)) {
  const state = buildState(paths);
  if (state !== 'fresh') {
    try {
      await buildNode(paths);
    } catch (err) {
      const why = state === 'missing' ? 'is not built' : 'is older than its sources';
      const first = String(err?.message ?? err).split('\n')[0];
      warn(
        `estation: the compiled command line in ${relative(process.cwd(), paths.out) || '.'} ${why} and ` +
          `could not be built (${first}); running the TypeScript sources through tsx (slower). ` +
          'Fix the cause, then run `npm run build:node`.',
      );
      return null;
    }
  }
  return pathToFileURL(join(paths.out, CLI_ENTRY)).href;
}

// Run as a script (`npm run build:node`, the prepare script): build and say what was built.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const paths = nodeBuildPaths();
  const started = performance.now();
  const count = await buildNode(paths);
  process.stdout.write(
    `Compiled ${count} TypeScript files into ${relative(process.cwd(), paths.out) || '.'}${sep} in ${Math.round(performance.now() - started)} ms.\n`,
  );
}
