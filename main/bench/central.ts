/**
 * `estation bench central --json`: central under a university's fleet (issue #16), on SQLite and, when
 * ESTATION_BENCH_DATABASE_URL names an empty PostgreSQL database, on PostgreSQL with one and two
 * instances. Central runs in its own process (main/bench/central-child.ts); this process plays 100
 * stations over real HTTP on loopback. A station's session is what a kiosk sends for one student: the
 * card lookup, the document's data (the preview), the authorization and the report that it printed;
 * every station also sends its heartbeat every 15 s.
 *
 * - central.<store>.sessions_per_s    sessions completed per second with every station running sessions
 *                                     back to back (central saturated; target: sqlite >= 300, pg >= 200)
 * - central.<store>.session_p99_ms    the 99th percentile of one session's time (its four requests in
 *                                     turn) while the stations together start SESSION_RATE sessions a second,
 *                                     far above a university's real load (target <= 250)
 * - central.<store>.session_p50_ms    the median of the same
 * - central.<store>.paced_central_loop_delay_max_ms   the longest central's event loop was held up
 *                                     during those paced sessions (a stall of central itself)
 * - central.<store>.paced_stations_loop_delay_max_ms  the same for this process, the stations' (a stall
 *                                     here delays sessions without central being slow)
 * - central.<store>.cpu_ms_per_session  central's own CPU time per session while saturated (its process's)
 * - central.pg.two_instances_sessions_per_s   the saturated figure with each station sent to one of two
 *                                     central instances on the same database
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { campusPeople } from '../../central/seed/campus.js';

const STATIONS = 100;
const PEOPLE = 2000;
const SATURATED_S = 20;
/** Sessions started per second, all stations together, for the latency figures (0.5 per station). */
const SESSION_RATE = 50;
const PACED_S = 20;
const HEARTBEAT_MS = 15_000;
/** Job ids new at every run: a database that already holds a run's jobs would only answer replays. */
const RUN = Date.now().toString(36);

const round = (ms: number) => Math.round(ms * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  url: string;
  tokens: Record<string, string>;
  child: ChildProcess;
  dir: string;
}

/** The instance's CPU time so far (ms, user and system), and its longest event-loop delay since the last ask. */
function probe(i: Instance): Promise<{ cpuMs: number; loopDelayMaxMs: number }> {
  return new Promise((resolve) => {
    i.child.once('message', (m: { cpu: NodeJS.CpuUsage; loopDelayMaxMs: number }) =>
      resolve({ cpuMs: (m.cpu.user + m.cpu.system) / 1000, loopDelayMaxMs: m.loopDelayMaxMs }),
    );
    i.child.send('probe');
  });
}

/** Starts central-child in a process of its own, compiled or (in development) through tsx. */
async function startInstance(opts: { database?: string; enroll: boolean }): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-central-'));
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './central-child.ts' : './central-child.js', import.meta.url));
  const stations = opts.enroll ? Array.from({ length: STATIONS }, (_, i) => `bench-${i}`) : [];
  const args = JSON.stringify({ dataDir: dir, database: opts.database, stations, people: PEOPLE });
  // ESTATION_BENCH_CPU_PROF=DIR writes a CPU profile of each central instance there (node --cpu-prof).
  const prof = process.env.ESTATION_BENCH_CPU_PROF;
  const node = [...(fromSource ? ['--import', 'tsx'] : []), ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
  const child = spawn(process.execPath, [...node, entry, args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  const first = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the bench's central exited (${code}) before it listened`)));
  });
  const { url, tokens } = JSON.parse(first) as { url: string; tokens: Record<string, string> };
  return { url, tokens, child, dir };
}

async function stopInstance(i: Instance): Promise<void> {
  const gone = new Promise((r) => i.child.once('exit', r));
  i.child.kill('SIGTERM');
  await gone;
  rmSync(i.dir, { recursive: true, force: true });
}

/**
 * Keep-alive connections for the simulated stations, through node:http: the stations share this process's
 * one thread and core with each other, and `fetch` spent about twice the CPU a request, so the load
 * generator ran out of core before central did.
 */
const agent = new Agent({ keepAlive: true });

function post(url: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            if (res.statusCode !== 200)
              reject(new Error(`${url} answered ${res.statusCode}: ${JSON.stringify(json).slice(0, 200)}`));
            else resolve(json);
          } catch (err) {
            reject(err as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The cards of the generated campus's enrolled students (the same campus central-child seeds). */
function enrolledStudents(): { id: string; card: string }[] {
  const found: { id: string; card: string }[] = [];
  for (const p of campusPeople({ people: PEOPLE }))
    if (p.role === 'student' && p.status === 'enrolled' && p.cards[0]) found.push({ id: p.id, card: p.cards[0] });
  return found;
}

class Traffic {
  private n = 0;
  constructor(
    private readonly students: { id: string; card: string }[],
    private readonly tag: string,
  ) {}

  /** One student's session at `base` as `terminal`; answers its time in ms. */
  async session(base: string, terminal: string, token: string): Promise<number> {
    const n = this.n++;
    const s = this.students[n % this.students.length]!;
    const started = performance.now();
    await post(`${base}/v1/cards/lookup`, token, { card: s.card });
    await post(`${base}/v1/documents/data`, token, { personId: s.id, kind: 'transcript', language: 'zh' });
    const jobId = `${this.tag}-${RUN}-${n}`;
    const a = await post(`${base}/v1/jobs/authorize`, token, {
      jobId,
      personId: s.id,
      kind: 'transcript',
      language: 'zh',
      copies: 1,
    });
    await post(`${base}/v1/jobs/report`, token, {
      reports: [
        { jobId, serial: a.serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: new Date().toISOString() },
      ],
    });
    return performance.now() - started;
  }
}

/** Every station's heartbeat every 15 s (the first spread over the first 15 s) until `stop` is called. */
function heartbeats(urls: string[], tokens: Record<string, string>): () => Promise<void> {
  let running = true;
  const loops = Object.entries(tokens).map(async ([, token], lane) => {
    await sleep(Math.random() * HEARTBEAT_MS);
    while (running) {
      await post(`${urls[lane % urls.length]}/v1/heartbeat`, token, {
        terminalTime: new Date().toISOString(),
        outOfService: false,
        backlog: 0,
        software: { version: '1.0.0' },
      });
      await sleep(HEARTBEAT_MS);
    }
  });
  // A failed heartbeat rejects its loop; stop() reports the first such failure.
  for (const l of loops) l.catch(() => undefined);
  return async () => {
    running = false;
    const failed = (await Promise.allSettled(loops)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  };
}

/** Every station running sessions back to back for SATURATED_S: sessions per second, and how many. */
async function saturated(
  urls: string[],
  tokens: Record<string, string>,
  traffic: Traffic,
): Promise<{ perS: number; done: number }> {
  const stopBeats = heartbeats(urls, tokens);
  const until = performance.now() + SATURATED_S * 1000;
  let done = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Object.entries(tokens).map(async ([terminal, token], lane) => {
        while (performance.now() < until) {
          await traffic.session(urls[lane % urls.length]!, terminal, token);
          done++;
        }
      }),
    );
    return { perS: Math.round(done / ((performance.now() - started) / 1000)), done };
  } finally {
    await stopBeats();
  }
}

/** SESSION_RATE sessions a second started for PACED_S, each at the next station in turn: session times. */
async function paced(url: string, tokens: Record<string, string>, traffic: Traffic): Promise<number[]> {
  const stopBeats = heartbeats([url], tokens);
  const stations = Object.entries(tokens);
  const times: number[] = [];
  const running: Promise<void>[] = [];
  const started = performance.now();
  try {
    for (let k = 0; k < SESSION_RATE * PACED_S; k++) {
      const due = started + (k * 1000) / SESSION_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const [terminal, token] = stations[k % stations.length]!;
      running.push(traffic.session(url, terminal, token).then((t) => void times.push(t)));
    }
    await Promise.all(running);
    return times.sort((a, b) => a - b);
  } finally {
    await Promise.allSettled(running);
    await stopBeats();
  }
}

async function measure(instance: Instance, tag: string, students: { id: string; card: string }[]) {
  const { url, tokens } = instance;
  const traffic = new Traffic(students, tag);
  // Warm up: every route compiled and cached before anything counts.
  for (const [terminal, token] of Object.entries(tokens).slice(0, 5)) await traffic.session(url, terminal, token);
  const cpuBefore = (await probe(instance)).cpuMs;
  const { perS, done } = await saturated([url], tokens, traffic);
  const cpuPerSession = ((await probe(instance)).cpuMs - cpuBefore) / done;
  // The stations' own event loop too: a session held up here is not central's doing.
  const stations = monitorEventLoopDelay({ resolution: 10 });
  stations.enable();
  const times = await paced(url, tokens, traffic);
  stations.disable();
  const centralStall = (await probe(instance)).loopDelayMaxMs;
  return {
    sessions_per_s: perS,
    // Central's own CPU time per session while saturated (its heartbeats included): on a machine where
    // the simulated stations do not share its cores, one core serves about 1000 / this many a second.
    cpu_ms_per_session: round(cpuPerSession),
    session_p50_ms: round(percentile(times, 0.5)),
    session_p99_ms: round(percentile(times, 0.99)),
    paced_central_loop_delay_max_ms: round(centralStall),
    paced_stations_loop_delay_max_ms: round(stations.max / 1e6),
  };
}

const prefixed = (prefix: string, figures: Record<string, number>) =>
  Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}${k}`, v]));

export async function run(): Promise<Record<string, number | string>> {
  try {
    return await measureStores();
  } finally {
    agent.destroy();
  }
}

async function measureStores(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const students = enrolledStudents();
  const database = process.env.ESTATION_BENCH_DATABASE_URL;
  // ESTATION_BENCH_PG_ONLY=1 skips SQLite while tuning the PostgreSQL store.
  if (!(database && process.env.ESTATION_BENCH_PG_ONLY === '1')) {
    const sqlite = await startInstance({ enroll: true });
    try {
      Object.assign(out, prefixed('central.sqlite.', await measure(sqlite, 's', students)));
    } finally {
      await stopInstance(sqlite);
    }
  }
  if (!database) {
    out['central.pg'] = 'not measured: set ESTATION_BENCH_DATABASE_URL to an empty PostgreSQL database';
    return out;
  }
  const a = await startInstance({ database, enroll: true });
  const b = await startInstance({ database, enroll: false });
  try {
    Object.assign(out, prefixed('central.pg.', await measure(a, 'p', students)));
    const both = new Traffic(students, 'p2');
    out['central.pg.two_instances_sessions_per_s'] = (await saturated([a.url, b.url], a.tokens, both)).perS;
  } finally {
    await stopInstance(a);
    await stopInstance(b);
  }
  return out;
}
