/**
 * Starts `estation demo` (web mode) as a real child process on free ports with its own data and
 * output folders, and reads the launch URL from its banner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readRuntime } from '../../main/web/runtime-file.js';

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
  return spawnHost(
    ['demo', '--web', '--no-open', '--port', '0', '--data', dataDir, '--out', printsDir, ...extraArgs],
    env,
    dataDir,
    printsDir,
  );
}

/** Starts `estation kiosk --config FILE` in web mode; the folders are the ones the configuration names. */
export function startKiosk(
  configFile: string,
  folders: { dataDir: string; printsDir: string },
  env: NodeJS.ProcessEnv = {},
): Promise<DemoProcess> {
  return spawnHost(
    ['kiosk', '--config', configFile, '--web', '--no-open', '--port', '0'],
    env,
    folders.dataDir,
    folders.printsDir,
  );
}

async function spawnHost(
  args: string[],
  env: NodeJS.ProcessEnv,
  dataDir: string,
  printsDir: string,
): Promise<DemoProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'estation'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const launchUrl = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`estation ${args[0]} did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      // The demo prints its link; a real station puts a one-time link in a file only its user reads.
      const m = /Open: (\S+)/.exec(out);
      const file = /a one-time launch link \(10 minutes\) is in (\S+), readable/.exec(out);
      const url = m?.[1] ?? (file ? readFileSync(file[1]!, 'utf8').trim() : undefined);
      if (url) {
        clearTimeout(timer);
        res(url);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => rej(new Error(`estation ${args[0]} exited with ${code}:\n${out}`)));
  });
  return {
    child,
    launchUrl,
    dataDir,
    printsDir,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A shutdown that stalls must not hang the test run.
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/**
 * A second client of the demo's kiosk API, for tests that need to act like the station's
 * surroundings (inject a demo fault, tap a card) while the page under test shows the UI.
 */
export interface KioskApiClient {
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** Connects as a local tool does: with the token of the kiosk's runtime file in `dataDir`. */
export async function connectKioskApi(dataDir: string): Promise<KioskApiClient> {
  const { WebSocket } = await import('ws');
  const rt = readRuntime(dataDir);
  if (!rt) throw new Error(`no runtime file in ${dataDir}: is the kiosk running?`);
  const u = new URL(rt.url);
  const token = rt.token;
  const ws = new WebSocket(`ws://${u.host}/api?token=${encodeURIComponent(token)}`, { origin: `http://${u.host}` });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  let next = 1;
  const pending = new Map<number, { res: (v: unknown) => void; rej: (e: Error) => void }>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { code: string; message: string } };
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.rej(Object.assign(new Error(`${msg.error.code}: ${msg.error.message}`), { code: msg.error.code }));
    else p.res(msg.result);
  });
  return {
    call<T>(method: string, params: Record<string, unknown> = {}) {
      const id = next++;
      return new Promise<T>((res, rej) => {
        pending.set(id, { res: res as (v: unknown) => void, rej });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => ws.close(),
  };
}
