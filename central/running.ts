/**
 * Which central servers run on a data folder: each one writes `run/central-<pid>.json` there when it
 * listens and removes it when it stops. A server killed outright leaves its file behind, so a file
 * counts only while its process lives (on this machine; a file written on another host counts
 * always, since its process cannot be checked from here). `estation central restore` refuses while
 * any runs: a restore under a serving central would be overwritten by it, or lose what it wrote.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface RunningMark {
  pid: number;
  host: string;
  url: string;
  startedAt: string;
  /** The file that says so. */
  file: string;
}

const runDir = (dataDir: string) => join(dataDir, 'run');

/** Marks this process as a central serving `dataDir` at `url`; the returned function takes the mark away. */
export function markRunning(dataDir: string, url: string, now = new Date()): () => void {
  mkdirSync(runDir(dataDir), { recursive: true, mode: 0o700 });
  const file = join(runDir(dataDir), `central-${process.pid}.json`);
  const mark = { pid: process.pid, host: hostname(), url, startedAt: now.toISOString() };
  writeFileSync(file, `${JSON.stringify(mark)}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The centrals serving `dataDir` now (marks of processes that are gone are left out, and left alone). */
export function runningCentrals(dataDir: string): RunningMark[] {
  let names: string[];
  try {
    names = readdirSync(runDir(dataDir)).filter((n) => /^central-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const marks: RunningMark[] = [];
  for (const name of names) {
    const file = join(runDir(dataDir), name);
    let mark: Omit<RunningMark, 'file'>;
    try {
      mark = JSON.parse(readFileSync(file, 'utf8')) as Omit<RunningMark, 'file'>;
    } catch {
      // Being written this very moment, or damaged: it may well be a central, so it counts.
      marks.push({ pid: Number(/\d+/.exec(name)![0]), host: '?', url: '?', startedAt: '?', file });
      continue;
    }
    if (mark.host !== hostname() || alive(mark.pid)) marks.push({ ...mark, file });
  }
  return marks;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
