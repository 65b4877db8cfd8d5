/**
 * A pair of linked pseudo-terminals made by socat, standing in for a serial cable: whatever is written
 * to `a` comes out of `b` (and back). The driver under test opens `b`, the test plays the reader on `a`.
 * `unplug()` kills socat (both ends vanish, like a USB-serial adapter pulled out) and `replug()` starts a
 * new socat at the same link paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the test writes to (the "reader"). */
  readonly a: string;
  /** The end the driver opens. */
  readonly b: string;
  /** Writes bytes to end a. */
  write(data: Uint8Array | string): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-pty-'));
  const a = join(dir, 'reader');
  const b = join(dir, 'kiosk');
  let socat: ChildProcess | null = null;
  let fd: number | null = null;
  let log = '';

  const start = async () => {
    log = '';
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d) => (log += String(d)));
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err) =>
        reject(new Error(`cannot run socat (install it: apt-get install socat): ${err.message}`)),
      );
    });
    socat = child;
    // socat announces "starting data transfer loop" once both ends exist.
    await Promise.race([
      waitFor(
        () => /starting data transfer loop/.test(log) && existsSync(a) && existsSync(b),
        `socat to create ${a} and ${b}:\n${log}`,
      ),
      failed,
    ]);
    fd = openSync(a, 'r+');
  };

  const stop = async () => {
    if (fd !== null) closeSync(fd);
    fd = null;
    const child = socat;
    socat = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
    await waitFor(() => !existsSync(a) && !existsSync(b), 'socat to remove its links');
  };

  await start();
  return {
    a,
    b,
    write(data) {
      if (fd === null) throw new Error('the pty pair is unplugged');
      const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off);
    },
    unplug: stop,
    replug: start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
