/**
 * `estation bench import --json`: loading a university's people into central, as an IT office does
 * at go-live: 30,000 students with 50 courses each, from an academic-affairs export (a students CSV and
 * a grades CSV, about 1.6 M grade rows with the make-ups), through `estation central import` in its
 * own process, as in production.
 *
 * - import.people_per_s     students imported per second (target: the whole import within 60 s)
 * - import.total_ms         the import command from start to exit (target <= 60,000)
 * - import.peak_rss_mb      the import process's peak resident memory (VmHWM; target <= 400)
 * - central.lookup_p95_ms   a card lookup on the imported database, 95th percentile of 2,000 (target <= 20)
 *
 * ESTATION_BENCH_IMPORT_STUDENTS sets another size (CI runs a small one to prove the bench works).
 * The files and the database live in a temporary folder (set TMPDIR to measure another disk).
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campusCard } from '../../central/seed/campus.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { envInt } from '../../lib/env.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { writeCampusCsv } from './campus-csv.js';

const SEED = 20261202;

/** The peak resident memory of a running process, from Linux's /proc (0 where there is none). */
function peakRssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs the import command; answers its wall time, its peak RSS, and what it printed. */
async function runImport(args: string[]): Promise<{ ms: number; peakKb: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'estation'), 'central', 'import', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let peakKb = 0;
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (out += String(d)));
  // VmHWM only grows, so the last reading before exit is the peak (within the sampling interval).
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, peakRssKb(child.pid!))), 20);
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`estation central import exited with ${code}:\n${out}`);
  return { ms: performance.now() - t0, peakKb, out };
}

async function lookupP95(file: string, cards: string[]): Promise<number> {
  const store = new SqliteCentralStore(file);
  try {
    const times: number[] = [];
    for (const card of cards) {
      const t0 = performance.now();
      const found = await store.lookupCard(card);
      times.push(performance.now() - t0);
      if (!found) throw new Error(`card ${card} of the generated campus was not found after the import`);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length * 0.95)]!;
  } finally {
    await store.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  const students = envInt(process.env.ESTATION_BENCH_IMPORT_STUDENTS, 10, 1_000_000) ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-import-'));
  try {
    const files = await writeCampusCsv(dir, { people: students, seed: SEED, courses: [50, 50] });
    const data = join(dir, 'central');
    const mappings = join(REPO_ROOT, 'central', 'import', 'mappings');
    const result = await runImport([
      files.students,
      '--grades',
      files.grades,
      '--mapping',
      join(mappings, 'jwxt-students.json'),
      '--grades-mapping',
      join(mappings, 'jwxt-grades.json'),
      '--data',
      data,
    ]);
    if (!new RegExp(`created ${students},`).test(result.out))
      throw new Error(`the import did not create ${students} people:\n${result.out}`);
    // Cards spread over the whole campus (every 15th index), the same on every run.
    const cards = Array.from({ length: Math.min(2000, students) }, (_, i) => campusCard((i * 15) % students, SEED));
    const p95 = await lookupP95(join(data, 'central.sqlite'), cards);
    return {
      'import.students': students,
      'import.grade_rows': files.gradeRows,
      'import.people_per_s': Math.round(students / (result.ms / 1000)),
      'import.total_ms': Math.round(result.ms),
      'import.peak_rss_mb': Math.round(result.peakKb / 1024),
      'central.lookup_p95_ms': Math.round(p95 * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
