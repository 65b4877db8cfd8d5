/**
 * A real `estation central` process on a data folder, for tests that kill it (failover) or need it
 * running in another process (backup while it serves, restore refusing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'estation');

export interface CentralProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Ends it and waits until it is gone (SIGKILL: a crash, nothing cleaned up). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startCentralProcess(dataDir: string, extra: string[] = []): Promise<CentralProcess> {
  const child = spawn(process.execPath, [BIN, 'central', '--port', '0', '--data', dataDir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (out += String(d)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const url = await new Promise<string>((res, rej) => {
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res(m[1]!);
    };
    child.stdout!.on('data', look);
    void exited.then(() => rej(new Error(`central exited before it listened:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
