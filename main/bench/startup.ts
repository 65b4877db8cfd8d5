/**
 * Start-up benchmark: the command line as a user starts it (`node bin/estation ...`, a new process
 * each time, wall time from spawn to exit), and a kiosk in web mode with the demo configuration
 * from spawn to its UI page answering over HTTP.
 *
 * Keys: startup.cli_help_ms (median of 10 runs of `estation --help`, target <= 250),
 * startup.template_list_ms (median of 10 runs of `estation template list`),
 * startup.kiosk_ready_ms (median of 3 starts of `estation kiosk --web`, target <= 2,500).
 * One untimed run of each comes first, so that a stale build or a missing UI build is not measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';

const BIN = join(REPO_ROOT, 'bin', 'estation');
const CLI_RUNS = 10;
const KIOSK_RUNS = 3;
/** Longest wait for a kiosk to answer before the benchmark gives up on it. */
const KIOSK_TIMEOUT_MS = 60_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** Wall time of one `estation ARGS` run to its exit; a failed run fails the benchmark. */
function timeCli(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`estation ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return ms;
}

function medianCli(args: string[]): number {
  timeCli(args);
  return median(Array.from({ length: CLI_RUNS }, () => timeCli(args)));
}

/** The demo configuration with its data and prints in a scratch folder (it may be running for real). */
function demoConfig(dir: string): string {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'kiosk-config', 'examples', 'demo.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const file = join(dir, 'kiosk.json');
  writeFileSync(
    file,
    JSON.stringify({ ...config, dataDir: join(dir, 'data'), printer: { type: 'file', dir: join(dir, 'prints') } }),
  );
  return file;
}

/** Starts `estation kiosk --web`, returns the time until GET / of its UI answers 200, and stops it. */
async function timeKiosk(configFile: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'kiosk', '--web', '--no-open', '--port', '0', '--config', configFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += String(d)));
  child.stderr.on('data', (d: Buffer) => (output += String(d)));
  try {
    while (performance.now() - started < KIOSK_TIMEOUT_MS) {
      if (child.exitCode !== null) throw new Error(`the kiosk exited with ${child.exitCode}:\n${output}`);
      const url = /^Open: (http:\/\/127\.0\.0\.1:\d+)\//m.exec(output)?.[1];
      if (url) {
        const res = await fetch(`${url}/`).catch(() => null);
        if (res?.ok) {
          await res.arrayBuffer();
          return performance.now() - started;
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the kiosk did not answer within ${KIOSK_TIMEOUT_MS} ms:\n${output}`);
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-startup-'));
  try {
    const cliHelp = medianCli(['--help']);
    const templateList = medianCli(['template', 'list']);
    const config = demoConfig(dir);
    await timeKiosk(config); // first start: builds the UI if needed, creates the station's database
    const kiosk: number[] = [];
    for (let i = 0; i < KIOSK_RUNS; i++) kiosk.push(await timeKiosk(config));
    return {
      'startup.cli_help_ms': round(cliHelp),
      'startup.template_list_ms': round(templateList),
      'startup.kiosk_ready_ms': round(median(kiosk)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
