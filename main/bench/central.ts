/**
 * `estation bench central --json`: central's store under a university's print traffic (issue #16), on
 * SQLite and, when ESTATION_BENCH_DATABASE_URL names an empty PostgreSQL database, on PostgreSQL.
 *
 * - central.<store>.authorize_p50_ms / _p95_ms   one job authorized (quota, serial, snapshot), over HTTP
 * - central.<store>.report_p50_ms / _p95_ms      its report (printed) confirmed
 * - central.<store>.jobs_per_s                   authorize + report, 8 stations at once
 * - central.postgres.two_instances_jobs_per_s    the same through two central instances on one database
 *
 * Each run is a central started in this process on loopback (real HTTP, the demo people, 8 enrolled
 * stations, the card-lookup limit out of the way as the demo's), each station a lane of requests as a
 * kiosk sends them. A time is the round trip, so central's time to run the transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LOOKUP_LIMITS } from '../../central/domain/lookup-limits.js';
import { demoPeople } from '../../central/seed/demo.js';
import { startCentralServer, type RunningCentral } from '../../central/server.js';

const STATIONS = 8;
/** Job ids new at every run: a database that already holds a run's jobs would answer replays. */
const RUN = Date.now().toString(36);
const JOBS_PER_STATION = 40;
const round = (ms: number) => Math.round(ms * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function post(url: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

/** Runs the traffic against `urls` (each station's lane goes to one of them in turn); answers the figures. */
async function traffic(urls: string[], tokens: Record<string, string>, tag: string): Promise<Record<string, number>> {
  const students = demoPeople().filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
  const authorize: number[] = [];
  const report: number[] = [];
  const started = performance.now();
  await Promise.all(
    Object.entries(tokens).map(async ([terminal, token], lane) => {
      const base = urls[lane % urls.length]!;
      for (let i = 0; i < JOBS_PER_STATION; i++) {
        const s = students[(lane * JOBS_PER_STATION + i) % students.length]!;
        await post(`${base}/v1/cards/lookup`, token, { card: s.card });
        const jobId = `${tag}-${RUN}-${terminal}-${i}`;
        let t = performance.now();
        // A transcript: the first two of a term are free, the rest charged (no payment provider here).
        const a = await post(`${base}/v1/jobs/authorize`, token, {
          jobId,
          personId: s.id,
          kind: 'transcript',
          language: 'zh',
          copies: 1,
        });
        authorize.push(performance.now() - t);
        t = performance.now();
        await post(`${base}/v1/jobs/report`, token, {
          reports: [
            { jobId, serial: a.serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: new Date().toISOString() },
          ],
        });
        report.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  authorize.sort((a, b) => a - b);
  report.sort((a, b) => a - b);
  return {
    authorize_p50_ms: round(percentile(authorize, 0.5)),
    authorize_p95_ms: round(percentile(authorize, 0.95)),
    report_p50_ms: round(percentile(report, 0.5)),
    report_p95_ms: round(percentile(report, 0.95)),
    jobs_per_s: Math.round((STATIONS * JOBS_PER_STATION) / seconds),
  };
}

/** A central; `enroll` false for a second instance on the same database (enrolling again would change the tokens). */
async function startOne(database?: string, enroll = true): Promise<{ central: RunningCentral; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-central-'));
  const central = await startCentralServer({
    dataDir: dir,
    ...(database ? { database } : {}),
    port: 0,
    seedDemo: true,
    lookupLimits: DEMO_LOOKUP_LIMITS,
    terminals: enroll ? Array.from({ length: STATIONS }, (_, i) => ({ id: `bench-${i}`, name: `Bench ${i}` })) : [],
  });
  return { central, dir };
}

const prefixed = (prefix: string, figures: Record<string, number>) =>
  Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}${k}`, v]));

export async function run(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const sqlite = await startOne();
  try {
    Object.assign(out, prefixed('central.sqlite.', await traffic([sqlite.central.url], sqlite.central.tokens, 's')));
  } finally {
    await sqlite.central.close();
    rmSync(sqlite.dir, { recursive: true, force: true });
  }
  const database = process.env.ESTATION_BENCH_DATABASE_URL;
  if (!database) {
    out['central.postgres'] = 'not measured: set ESTATION_BENCH_DATABASE_URL to an empty PostgreSQL database';
    return out;
  }
  const a = await startOne(database);
  const b = await startOne(database, false);
  try {
    Object.assign(out, prefixed('central.postgres.', await traffic([a.central.url], a.central.tokens, 'p')));
    const both = await traffic([a.central.url, b.central.url], a.central.tokens, 'p2');
    out['central.postgres.two_instances_jobs_per_s'] = both.jobs_per_s!;
  } finally {
    await a.central.close();
    await b.central.close();
    rmSync(a.dir, { recursive: true, force: true });
    rmSync(b.dir, { recursive: true, force: true });
  }
  return out;
}
