/**
 * The real `estation` processes a chaos run starts, kills with SIGKILL and starts again: each is this
 * checkout's bin/estation with its arguments, its output kept (the last 20,000 characters) for the
 * report when something does not come up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../lib/repo-root.js';

const BIN = join(REPO_ROOT, 'bin', 'estation');
const KEEP = 20_000;

export class EstationProcess {
  private child: ChildProcess | null = null;
  private out = '';
  /** How often it was killed. */
  kills = 0;

  constructor(
    readonly name: string,
    private readonly args: readonly string[],
    private readonly ready: (out: string, pid: number) => boolean,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  get output(): string {
    return this.out;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it and waits until `ready` says it is up (at most `timeoutMs`). */
  async start(timeoutMs = 90_000): Promise<void> {
    this.out = '';
    const child = spawn(process.execPath, [BIN, ...this.args], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => (this.out = (this.out + String(d)).slice(-KEEP));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const end = Date.now() + timeoutMs;
    while (!this.ready(this.out, child.pid ?? -1)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}) while starting:\n${this.out}`);
      if (Date.now() > end) throw new Error(`${this.name} did not start within ${timeoutMs / 1000} s:\n${this.out}`);
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown code runs, as in a power cut or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.kills++;
  }

  /** SIGTERM, and SIGKILL if it has not exited after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port free now on 127.0.0.1 (for a process that must come back at the same address). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
