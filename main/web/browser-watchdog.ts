/**
 * Keeps the web-mode kiosk browser on screen. Web mode is a real deployment (the systemd unit runs it):
 * when Chromium exits or crashes, or its page stops sending its heartbeat (shared/page-heartbeat.ts),
 * the station would otherwise show a bare desktop until someone restarts the service. The watchdog
 * starts the browser again with a fresh one-time launch link, waiting longer after each restart in a
 * row, and after `maxRestartsInARow` it gives up: the station reports itself out of service with the
 * reason in its health (TerminalHealth.screen) until the service is restarted.
 *
 * Launching and killing are injected (defaults: Chromium in kiosk mode), so a test drives the real
 * browser and a test page that never beats.
 */
import { spawn } from 'node:child_process';
import type { ScreenHealth } from '../../shared/central-api.js';
import { PAGE_SILENCE_LIMIT_MS } from '../../shared/page-heartbeat.js';

/** What the watchdog needs of a browser process (a ChildProcess has it). */
export interface BrowserProcess {
  readonly pid?: number | undefined;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

export interface WatchdogOptions {
  /** Starts a browser on this URL. */
  launch: (url: string) => BrowserProcess;
  /** Stops a browser for good (default: SIGKILL; a hung browser may ignore SIGTERM). */
  kill?: (browser: BrowserProcess) => void;
  /** A fresh one-time launch link for each start (the previous one was used). */
  launchUrl: () => string;
  /** Silence of the page after which it counts as hung (default PAGE_SILENCE_LIMIT_MS). */
  silenceLimitMs?: number;
  /** Time a freshly started browser has for its first beat (default 60 s: a cold start on a busy machine is slow). */
  startupGraceMs?: number;
  /** Wait before the first restart in a row; doubled for each next one up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** Restarts in a row (without the page answering for `stableMs` between them) before giving up. */
  maxRestartsInARow?: number;
  /** How long the page must have answered for a restart to no longer count "in a row". */
  stableMs?: number;
  /** Told of every change of state, for the station's health and its log. */
  onChange?: (health: ScreenHealth) => void;
}

export interface BrowserWatchdog {
  /** The page said it is alive. */
  pageAlive(): void;
  health(): ScreenHealth;
  /** The browser now on screen (for tests and for shutdown). */
  current(): BrowserProcess | null;
  /** Stops watching and closes the browser. */
  stop(): void;
}

/** Chromium as the kiosk browser: full screen, its own profile, nothing phoning home. */
export function chromiumLauncher(chromium: string, profileDir: string): (url: string) => BrowserProcess {
  return (url) =>
    spawn(
      chromium,
      [
        // A one-time link: read from the process list after the browser used it, it opens nothing.
        `--app=${url}`,
        '--kiosk',
        `--user-data-dir=${profileDir}`,
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
        '--disable-component-update',
      ],
      // Its own process group, so that killing it kills its renderer, GPU and zygote helpers too (they
      // would otherwise keep the profile locked and written to after the browser is gone).
      { stdio: 'ignore', detached: true },
    );
}

/** Kills the browser's process group (chromiumLauncher starts one), or the process alone when it has none. */
export function killHard(browser: BrowserProcess): void {
  if (browser.pid === undefined) return;
  for (const target of [-browser.pid, browser.pid]) {
    try {
      process.kill(target, 'SIGKILL');
      return;
    } catch {
      // No such group (or already gone): try the process itself, then nothing is left to stop.
    }
  }
}

export function startBrowserWatchdog(options: WatchdogOptions): BrowserWatchdog {
  const silenceLimit = options.silenceLimitMs ?? PAGE_SILENCE_LIMIT_MS;
  const startupGrace = options.startupGraceMs ?? 60_000;
  const firstBackoff = options.firstBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const maxInARow = options.maxRestartsInARow ?? 5;
  const stableMs = options.stableMs ?? 60_000;
  const kill = options.kill ?? killHard;

  let state: ScreenHealth = { state: 'running', restarts: 0 };
  let browser: BrowserProcess | null = null;
  let inARow = 0;
  let startedAt = 0;
  let silence: NodeJS.Timeout | undefined;
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;

  const set = (next: ScreenHealth) => {
    state = next;
    options.onChange?.(state);
  };

  const watchSilence = (limit: number) => {
    clearTimeout(silence);
    silence = setTimeout(() => restart('page-unresponsive'), limit);
  };

  const launch = () => {
    if (stopped) return;
    const child = options.launch(options.launchUrl());
    browser = child;
    startedAt = Date.now();
    child.once('exit', () => {
      // Only the browser on screen counts: one the watchdog killed itself has been restarted already.
      if (browser === child && !stopped) restart('browser-exited');
    });
    // Until its first beat the page gets the start-up grace: Chromium's cold start can take many seconds.
    watchSilence(startupGrace);
    if (state.state !== 'running') set({ ...state, state: 'running' });
  };

  const restart = (reason: NonNullable<ScreenHealth['lastRestart']>['reason']) => {
    clearTimeout(silence);
    const old = browser;
    browser = null;
    if (old) kill(old);
    inARow++;
    const lastRestart = { at: new Date().toISOString(), reason };
    if (inARow > maxInARow) {
      set({ state: 'given-up', restarts: state.restarts, lastRestart });
      return;
    }
    set({ state: 'restarting', restarts: state.restarts + 1, lastRestart });
    pending = setTimeout(launch, Math.min(firstBackoff * 2 ** (inARow - 1), maxBackoff));
  };

  launch();

  return {
    pageAlive() {
      if (!browser || stopped) return;
      watchSilence(silenceLimit);
      if (inARow > 0 && Date.now() - startedAt >= stableMs) inARow = 0;
    },
    health: () => state,
    current: () => browser,
    stop() {
      stopped = true;
      clearTimeout(silence);
      clearTimeout(pending);
      if (browser) kill(browser);
      browser = null;
    },
  };
}
