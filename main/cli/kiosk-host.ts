/**
 * Runs a kiosk in this process: the core plus a host for the UI (web mode), or hands over to
 * Electron when its binary is present.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { resolvePaths } from '../../kiosk-config/load.js';
import { hasSimulatedReader, type KioskConfig } from '../../kiosk-config/schema.js';
import { createLogger } from '../core/log.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { createHostedKiosk, startEmbeddedCentral, type HostedKiosk } from './hosted-kiosk.js';
import { ensureRendererBuilt } from '../web/renderer-build.js';
import { startWebHost, type RunningWebHost } from '../web/server.js';
import { removeRuntime, writeRuntime } from '../web/runtime-file.js';
import { webStationHost } from './web-station-host.js';
import { chromiumLauncher, startBrowserWatchdog, type BrowserWatchdog } from '../web/browser-watchdog.js';

export interface HostOptions {
  web: boolean;
  port?: number;
  /** Open Chromium in kiosk mode when there is a display. */
  openBrowser: boolean;
  banner: (lines: string[]) => void;
  configFile: string | null;
}

/**
 * Path of the Electron binary if it was downloaded (it cannot be on machines without internet access).
 * Reads electron's own path.txt instead of `require('electron')`, which would start a download.
 */
export function electronBinary(
  resolveFrom: string = import.meta.url,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  // An Electron installed another way (a distribution's package, a kiosk image) can be named here.
  if (env.ESTATION_ELECTRON) return existsSync(env.ESTATION_ELECTRON) ? env.ESTATION_ELECTRON : null;
  try {
    const dir = dirname(createRequire(resolveFrom).resolve('electron/package.json'));
    const exe = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const full = join(dir, 'dist', exe);
    return exe && existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

/** What a starting kiosk tells whoever started it: where it runs, the demo cards, where prints go. */
function banner(config: KioskConfig, first: string[], cards: { card: string; label: string }[]): string[] {
  const lines = [...first];
  if (cards.length) {
    lines.push(`Demo cards (tap them on screen, or: estation simulate swipe CARD --data ${config.dataDir}):`);
    for (const c of cards) lines.push(`  ${c.card}  ${c.label}`);
  }
  if (config.printer.type === 'file') lines.push(`Prints go to: ${config.printer.dir}`);
  return lines;
}

/** Hands the kiosk to Electron (its main process hosts the core), with this configuration. */
async function runInElectron(electron: string, config: KioskConfig, options: HostOptions): Promise<number> {
  const outDir = resolve(REPO_ROOT, process.env.ESTATION_BUILD_OUT ?? 'out');
  const main = join(outDir, 'main', 'index.js');
  if (!existsSync(main)) spawnSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  // The demo's central server runs here, in this process, for as long as Electron runs: the Electron
  // app contains no central server. Electron gets its URL and token in the configuration.
  const embedded = await startEmbeddedCentral(config);
  // The configuration as this command resolved it (demo flags and built-in central included), validated
  // again by Electron; its relative paths are made absolute here, or Electron would resolve them against
  // the scratch folder.
  const scratch = options.configFile && !embedded.central ? null : mkdtempSync(join(tmpdir(), 'estation-config-'));
  const file = scratch ? join(scratch, 'kiosk.json') : resolve(options.configFile!);
  if (scratch) writeFileSync(file, JSON.stringify(resolvePaths(embedded.config, process.cwd())), { mode: 0o600 });
  options.banner([
    ...banner(
      config,
      [`E-station kiosk "${config.terminal.name}" (${config.terminal.id}) is starting in Electron.`],
      embedded.config.demoCards,
    ),
    'Stop with Ctrl+C.',
  ]);
  const child = spawn(electron, [main], { stdio: 'inherit', env: { ...process.env, ESTATION_CONFIG: file } });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((res) =>
    child.on('exit', (code) => {
      // The scratch configuration holds the terminal token: it does not outlive the kiosk.
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      void (embedded.central?.close() ?? Promise.resolve()).finally(() => res(code ?? 1));
    }),
  );
}

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/**
 * How the banner says to open the kiosk page. The demo prints a reusable link for the person at the
 * keyboard. A real station never prints a way in: the browser it starts gets a one-time link, and
 * without one the link goes to a file only the kiosk's user can read.
 */
function howToOpen(config: KioskConfig, web: RunningWebHost, browserStarted: boolean): string[] {
  if (hasSimulatedReader(config)) return [`Open: ${web.launchUrl({ reusable: true })}`];
  if (browserStarted) return [`Kiosk page: ${web.url} (the kiosk browser was given a one-time launch link)`];
  const file = join(config.dataDir, 'launch-url');
  writeFileSync(file, `${web.launchUrl({ ttlMs: 10 * 60_000 })}\n`, { mode: 0o600 });
  return [`Kiosk page: ${web.url}; a one-time launch link (10 minutes) is in ${file}, readable by this user only.`];
}

/** What a failed start says, in words an operator can act on. */
export function startupFailure(err: unknown, port: number | undefined): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return `The kiosk cannot start: port ${port ?? '(default)'} is already in use on 127.0.0.1. Stop what uses it, or choose another port with --port.`;
  if (code === 'EACCES')
    return `The kiosk cannot start: it may not listen on port ${port ?? '(default)'}. Choose a port above 1023 with --port.`;
  return `The kiosk cannot start: ${(err as Error)?.message ?? String(err)}`;
}

export async function runKioskHost(config: KioskConfig, options: HostOptions): Promise<number> {
  const electron = options.web ? null : electronBinary();
  if (electron) return runInElectron(electron, config, options);

  const log = createLogger({ level: process.env.ESTATION_LOG === 'debug' ? 'debug' : 'info' });
  let kiosk: HostedKiosk | undefined;
  let web: RunningWebHost | undefined;
  let watchdog: BrowserWatchdog | null = null;
  let station: ReturnType<typeof webStationHost> | undefined;
  try {
    const rendererDir = await ensureRendererBuilt((m) => options.banner([m]));
    kiosk = await createHostedKiosk(config, { log });
    station = webStationHost(kiosk, log, (next) => (kiosk = next));
    await kiosk.core.start();
    web = await startWebHost({
      core: station.endpoint,
      rendererDir,
      onPageHeartbeat: () => watchdog?.pageAlive(),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    writeRuntime(config.dataDir, { pid: process.pid, url: web.url, token: web.token });
  } catch (err) {
    // A half-started kiosk (core and central running, no UI) helps nobody: clean up and exit non-zero,
    // so the supervisor (systemd) restarts it and the log says why.
    console.error(startupFailure(err, options.port));
    removeRuntime(config.dataDir);
    // Whatever is still open (a socket, a timer, a close that never ends) must not keep the process
    // alive: the deadline runs from here, not from after the closes.
    setTimeout(() => process.exit(1), 3000).unref();
    await web?.close().catch(() => undefined);
    await kiosk?.close().catch(() => undefined);
    return 1;
  }

  const chromium = options.openBrowser && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) ? findChromium() : null;
  const first = [
    `E-station kiosk "${config.terminal.name}" (${config.terminal.id}) is running in web mode.`,
    ...howToOpen(config, web, chromium !== null),
  ];
  if (kiosk.central) {
    const staff = kiosk.central.people.find((p) => p.role === 'staff' && p.pin);
    first.push(`Central server (built-in, demo data): ${kiosk.central.url}`);
    if (staff) first.push(`Staff dashboard: ${kiosk.central.url}/staff (staff card ${staff.card}, PIN ${staff.pin})`);
  }
  const lines = [...banner(config, first, kiosk.core.listDemoCards().cards), 'Stop with Ctrl+C.'];
  options.banner(lines);

  // The browser's profile: scratch, removed at shutdown (it holds the page's session cookie).
  const profile = chromium ? mkdtempSync(join(tmpdir(), 'estation-chromium-')) : null;
  if (chromium && profile) {
    // Restarted when it exits or its page stops answering; each restart goes to central with the health.
    const host = web;
    watchdog = startBrowserWatchdog({
      launch: chromiumLauncher(chromium, profile),
      launchUrl: () => host.launchUrl(),
      onChange: (screen) => {
        station.core().setScreenHealth(screen);
        if (screen.state === 'restarting') log.warn('kiosk browser restarted', { reason: screen.lastRestart?.reason });
        if (screen.state === 'given-up')
          log.error('kiosk browser keeps failing: station out of service until the kiosk service is restarted', {
            restarts: screen.restarts,
          });
      },
    });
    station.core().setScreenHealth(watchdog.health());
  }

  return new Promise((res) => {
    const shutdown = async () => {
      watchdog?.stop();
      // Chromium's helpers may still write into the profile for a moment after the kill; a profile left
      // behind is only a temporary folder, never a reason to stop shutting down.
      if (profile)
        try {
          rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
        } catch {
          /* left in the temporary folder */
        }
      removeRuntime(config.dataDir);
      await web.close();
      await kiosk?.close();
      res(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
  });
}
