/**
 * `estation bench queue --json`: the durable job queue on this machine's disk.
 *
 * - queue.transitions_per_s  one state transition per transaction, synchronous=FULL (target >= 2,000);
 *                            bound by the disk's sync latency, reported as queue.fsync_ms
 * - queue.batched_transitions_per_s  100 transitions per transaction, as the outbox and recovery commit
 * - queue.recovery_ms        start-up recovery of 10,000 unfinished jobs (target <= 1,000)
 * - queue.drain_ms           10,000 queued reports delivered to a local central server (target <= 10,000)
 * - queue.rss_mb             the kiosk process's peak resident memory during that drain
 *
 * The database lives in a temporary folder on the system's temp disk (set TMPDIR to measure another
 * disk). The central server runs as its own process, as in production, so the RSS is the kiosk's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePrinter } from '../../drivers/printer/file-printer.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { demoPeople } from '../../central/seed/demo.js';
import { CentralClient } from '../core/central-client.js';
import { openDatabase, type Db } from '../core/db.js';
import { uuidv7 } from '../core/ids.js';
import { JobStore } from '../core/job-store.js';
import { silentLogger } from '../core/log.js';
import { Outbox } from '../core/outbox.js';
import { recoverQueue } from '../core/queue/recovery.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

const JOBS = 10_000;
const TERMINAL = 'bench-kiosk';

/** Inserts jobs directly (one transaction): setting up the benchmark is not what it measures. */
function insertJobs(
  db: Db,
  count: number,
  statusOf: (i: number) => string,
  extra: (i: number, id: string) => { printer_job_id?: string; report?: boolean } = () => ({}),
): string[] {
  const at = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO jobs (id, idempotency_key, terminal_id, person_id, kind, language, copies, pages, serial, verification_code, printer_id, printer_job_id, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'enrollment', 'zh', 1, 1, ?, ?, 'file', ?, ?, ?, ?)`,
  );
  const outbox = db.prepare(
    'INSERT INTO outbox (job_id, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, 0, ?)',
  );
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = uuidv7(Date.now() - count + i);
      const status = statusOf(i);
      const e = extra(i, id);
      const serial = `BQ-${String(i).padStart(6, '0')}`;
      ins.run(
        id,
        `bench-${id}`,
        TERMINAL,
        `S${i % 14}`,
        status === 'requested' ? null : serial,
        status === 'requested' ? null : `V${i}`,
        e.printer_job_id ?? null,
        status,
        at,
        at,
      );
      if (e.report)
        outbox.run(
          id,
          JSON.stringify({ jobId: id, serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: at }),
          Date.now(),
        );
      ids.push(id);
    }
  })();
  return ids;
}

/** Durable transitions per second: one transaction (one WAL sync) per transition, then 100 per transaction as the outbox and recovery commit them. */
async function transitionsPerSecond(dir: string): Promise<{ single: number; batched: number }> {
  const db = openDatabase(join(dir, 'transitions.sqlite'));
  const jobs = new JobStore(db);
  const ids = insertJobs(db, 12_100, () => 'requested');
  // Warm up the statement cache and the file.
  for (const id of ids.slice(0, 100)) jobs.transition(id, 'authorized', 'warm-up');
  const single = ids.slice(100, 2100);
  let t0 = performance.now();
  for (const id of single) jobs.transition(id, 'authorized', 'bench', { serial: `S-${id}` });
  const singleRate = single.length / ((performance.now() - t0) / 1000);
  const batched = ids.slice(2100);
  t0 = performance.now();
  for (let i = 0; i < batched.length; i += 100)
    jobs.transitionMany(
      batched.slice(i, i + 100).map((id) => ({ id, to: 'authorized', detail: 'bench', patch: { serial: `S-${id}` } })),
    );
  const batchedRate = batched.length / ((performance.now() - t0) / 1000);
  db.close();
  return { single: Math.round(singleRate), batched: Math.round(batchedRate) };
}

/** What one data sync costs on this disk: the floor under every durable commit. */
function fsyncMs(dir: string): number {
  const fd = openSync(join(dir, 'fsync-probe'), 'w');
  try {
    const block = Buffer.alloc(4096, 1);
    for (let i = 0; i < 64; i++) writeSync(fd, block, 0, block.length, i * 4096);
    fdatasyncSync(fd);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fdatasyncSync(fd);
    }
    return Math.round(((performance.now() - t0) / 200) * 1000) / 1000;
  } finally {
    closeSync(fd);
  }
}

async function recoveryMs(dir: string): Promise<number> {
  const prints = join(dir, 'prints');
  mkdirSync(prints, { recursive: true });
  const db = openDatabase(join(dir, 'recovery.sqlite'));
  const jobs = new JobStore(db);
  // A long outage: requests waiting for central, documents authorized or rendered, printed jobs whose
  // reports wait. Paper-side uncertainty is rare: the runner has one job on a printer at a time, so a
  // crash leaves at most a few `submitted` jobs (here 10, some found by name, some not at all).
  const statusOf = (i: number) =>
    i < 10 ? 'submitted' : ['requested', 'requested', 'authorized', 'rendered', 'printed', 'reported'][i % 6]!;
  insertJobs(db, JOBS, statusOf, (i, id) => {
    if (statusOf(i) !== 'submitted')
      return { report: statusOf(i) === 'reported' || (statusOf(i) === 'printed' && i % 12 === 4) };
    if (i % 3 === 0) return {}; // printer-side id never recorded: looked up by name, maybe not found
    writeFileSync(join(prints, `${id}.pdf`), '%PDF-1.7');
    return { printer_job_id: `${id}.pdf` };
  });
  const t0 = performance.now();
  const report = await recoverQueue({ jobs, printer: new FilePrinter(prints), log: silentLogger() });
  const ms = performance.now() - t0;
  db.close();
  // Sanity: every submitted job reconciled, every job before paper resumed, every missing report queued again.
  const expected = { submitted: 10, resumed: (JOBS - 10) * (4 / 6), requeued: (JOBS - 10) / 12 };
  const reconciled = report.printed + report.failed + report.needsAttention + report.stillPrinting;
  if (
    reconciled !== expected.submitted ||
    Math.abs(report.resumed - expected.resumed) > 2 ||
    Math.abs(report.requeuedReports - expected.requeued) > 2
  ) {
    throw new Error(`recovery handled ${JSON.stringify(report)}, expected about ${JSON.stringify(expected)}`);
  }
  return Math.round(ms);
}

async function startCentralProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(REPO_ROOT, 'bin', 'estation');
  const child = spawn(process.execPath, [bin, 'central', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`central did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /listening on (http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        res(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.once('exit', (code) => rej(new Error(`central exited with ${code}:\n${out}`)));
  });
  return { url, child };
}

async function drain(dir: string): Promise<{ ms: number; rssMb: number }> {
  const centralDir = join(dir, 'central');
  const db = openDatabase(join(dir, 'drain.sqlite'));
  const ids = insertJobs(
    db,
    JOBS,
    () => 'printed',
    () => ({ report: true }),
  );

  // Central already knows the documents (it authorized them); only the reports travel.
  const store = await SqliteCentralStore.open(join(centralDir, 'central.sqlite'));
  await store.seed(demoPeople());
  const token = await store.enrollTerminal(TERMINAL, 'Benchmark');
  const at = new Date().toISOString();
  const ins = store.db.prepare(
    `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
     VALUES (?, ?, ?, 'enrollment', 'zh', 1, 0, 0, ?, ?, ?, 'authorized')`,
  );
  store.db.transaction(() =>
    ids.forEach((id, i) => ins.run(id, TERMINAL, `S${i % 14}`, `BQ-${String(i).padStart(6, '0')}`, `V${i}`, at)),
  )();
  await store.close();

  const { url, child } = await startCentralProcess(centralDir);
  try {
    const jobs = new JobStore(db);
    const central = new CentralClient({ baseUrl: url, token, timeoutMs: 30_000 });
    const outbox = new Outbox({ jobs, central, log: silentLogger(), onJob: () => {} });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = performance.now();
    while (jobs.backlog().backlog > 0) {
      const settled = await outbox.resume();
      if (settled === 0) throw new Error(`the drain made no progress: ${JSON.stringify(outbox.status())}`);
    }
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const confirmed = jobs.countByStatus().confirmed ?? 0;
    if (confirmed !== JOBS) throw new Error(`only ${confirmed} of ${JOBS} reports were confirmed`);
    return { ms: Math.round(ms), rssMb: Math.round((peak / 1024 / 1024) * 10) / 10 };
  } finally {
    db.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-queue-'));
  try {
    const transitions = await transitionsPerSecond(dir);
    const recovery = await recoveryMs(dir);
    const drained = await drain(dir);
    return {
      'queue.transitions_per_s': transitions.single,
      'queue.batched_transitions_per_s': transitions.batched,
      'queue.fsync_ms': fsyncMs(dir),
      'queue.recovery_ms': recovery,
      'queue.drain_ms': drained.ms,
      'queue.rss_mb': drained.rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
