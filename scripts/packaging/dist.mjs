#!/usr/bin/env node
// `npm run dist`: the steps of steps.mjs, then better-sqlite3 built for Electron's ABI (the only native
// module that needs it: serialport, node-hid and usb load their N-API prebuilds as they are), then
// electron-builder for this platform, with a local Electron (ESTATION_ELECTRON_DIST) when there is one.
// better-sqlite3's Node build is put back afterwards, so the command line and tests keep working.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContext, localElectronDist, REBUILT_FOR_ELECTRON, report, runSteps } from './steps.mjs';

const root = join(import.meta.dirname, '..', '..');
if ((process.env.ESTATION_BUILD_OUT ?? 'out') !== 'out') {
  console.error('ESTATION_BUILD_OUT is set, but electron-builder.yml packages out/: unset it to package.');
  process.exit(2);
}
const ctx = defaultContext(root);
const run = runSteps(ctx);
console.log(report(run));
if (run.stoppedAt) process.exit(2);

const nodeBuild = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
// Kept outside node_modules: anything left in better-sqlite3's folder would ship in the installer.
const scratch = mkdtempSync(join(tmpdir(), 'estation-dist-'));
const saved = join(scratch, 'better_sqlite3.node');
if (existsSync(nodeBuild)) copyFileSync(nodeBuild, saved);
let status;
try {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: root,
    electronVersion: ctx.electronVersion,
    onlyModules: REBUILT_FOR_ELECTRON,
    force: true,
  });
  const { dir } = localElectronDist(ctx);
  const args = [
    '--config',
    'electron-builder.yml',
    ...process.argv.slice(2),
    ...(dir ? [`-c.electronDist=${dir}`] : []),
  ];
  const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
  status = spawnSync(process.execPath, [builder, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
} finally {
  if (existsSync(saved)) copyFileSync(saved, nodeBuild);
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
