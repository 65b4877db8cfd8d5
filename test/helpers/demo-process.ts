/**
 * Starts `estation demo` (web mode) as a real child process on free ports with its own data and
 * output folders, and reads the launch URL from its banner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DemoProcess {
  child: ChildProcess;
  launchUrl: string;
  dataDir: string;
  printsDir: string;
  output: () => string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function startDemo(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<DemoProcess> {
  const base = mkdtempSync(join(tmpdir(), 'estation-e2e-'));
  const dataDir = join(base, 'data');
  const printsDir = join(base, 'prints');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'estation'), 'demo', '--web', '--no-open', '--port', '0', '--data', dataDir, '--out', printsDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const launchUrl = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`demo did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /Open: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => rej(new Error(`demo exited with ${code}:\n${out}`)));
  });
  return {
    child,
    launchUrl,
    dataDir,
    printsDir,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
