/**
 * What every private test server (test/helpers/cupsd.ts, test/helpers/postgres.ts) needs around its
 * daemon: a temporary folder its unprivileged user can reach, a free loopback port (tried again when
 * another process takes it first), a registry that stops what is still running if the test process
 * exits without disposing it, and waiting for a port to open or close.
 */
import { statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';

/** The loopback address every private server listens on: nothing outside this machine can reach it. */
export const LOOPBACK = '127.0.0.1';

/**
 * A temporary folder base the daemon's unprivileged user (cupsd's lp, PostgreSQL's server account) can
 * walk through: the system's one when every folder from the root down lets others pass, else /tmp (also
 * when it lies under one of `avoid`, e.g. /dev/ for CUPS, which refuses outputs there).
 */
export function walkableTempBase(avoid: string[] = []): string {
  const base = resolve(tmpdir());
  if (avoid.some((prefix) => base.startsWith(prefix))) return '/tmp';
  try {
    for (let dir = base; ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return '/tmp';
      if (dir === dirname(dir)) return base;
    }
  } catch {
    return '/tmp';
  }
}

/** A loopback port nothing listens on right now (the system picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a daemon on a free port: another process may take the port between choosing it and the daemon
 * binding it, so `start` is tried on a new port up to `attempts` times; the last failure is thrown.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

/** Whether something accepts connections on the loopback `port`. */
export function portOpen(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Polls `check` until it holds (a daemon starting or stopping); throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops of daemons still running, each run (synchronously) if the test process exits first: a crash, Ctrl+C. */
const stillRunning = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Registers `stopNow` (synchronous: nothing asynchronous runs at exit) to run if the process exits while
 * the daemon still runs. The returned function takes it off once the daemon is stopped; it says whether it
 * was still on (false: stopped already).
 */
export function stopOnExit(stopNow: () => void): () => boolean {
  stillRunning.add(stopNow);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const stop of stillRunning) stop();
    });
  }
  return () => stillRunning.delete(stopNow);
}
