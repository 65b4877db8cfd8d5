/**
 * `estation chaos payments --jobs N [--seed S] [--json]` (issue #17, docs/payments.md "Exactly once,
 * shown"): N paid print requests through real processes — a web-mode station (`estation kiosk --web`,
 * simulated card reader, file printer), central (`estation central --payments campus-card`) and the
 * reference card service (`estation campus-card serve`) with its faults on (slow answers, 5xx, answers lost
 * after commit, duplicate deliveries) — while the station and central are SIGKILLed at random moments and
 * started again. Then everything settles and three witnesses are compared: the paper (the printer's
 * folder), central's ledger and the card service's statement.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { reconcileDay } from '../../../central/payments/reconcile-day.js';
import { PaymentWiring } from '../../../central/payments/wiring.js';
import { demoPeople, rng } from '../../../central/seed/demo.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import type { StatementEntry } from '../../../central/payments/provider.js';
import type { JobView, SessionView } from '../../../shared/kiosk-api.js';
import { localDate } from '../../../shared/local-date.js';
import { readRuntime } from '../../web/runtime-file.js';
import { intOption, parse, printLines, UsageError } from '../args.js';
import { callKiosk } from '../simulate-command.js';
import { EstationProcess, freePort, sleep } from './processes.js';

const TERMINAL = 'chaos-01';
/** The card service's faults: each hits this share of its money calls. */
const FAULTS = ['slow=0.05', 'error5xx=0.1', 'loseAfterCommit=0.1', 'duplicate=0.1'];
/** Longer than one attempt of central's client (1.2 s): a slow answer is given up and asked again. */
const SLOW_MS = 2000;
/** The share of print requests during which the station or central is killed. */
const KILL_RATE = 0.25;
const FINAL: readonly string[] = ['confirmed', 'failed', 'cancelled', 'needs_attention'];
/** How long the end waits for the station's queue and central's sweep to settle. */
const SETTLE_MS = 300_000;

export interface ChaosResult {
  jobs: number;
  printed: number;
  charged_twice: number;
  printed_not_charged: number;
  charged_not_printed: number;
  holds_left: number;
  ledger_matches_provider: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    jobs: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    keep: { type: 'boolean' },
  });
  const jobs = intOption(values.jobs, 'jobs', 1, 100_000);
  if (jobs === undefined) throw new UsageError('give the number of print requests: --jobs N (e.g. --jobs 500)');
  const seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1) ?? Math.floor(Math.random() * 2 ** 31);
  const base = mkdtempSync(join(tmpdir(), 'estation-chaos-payments-'));
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`chaos payments: ${jobs} print requests, seed ${seed} (replay with --seed ${seed}); folder ${base}`);
  try {
    const result = await chaos(base, jobs, seed, say);
    if (values.json) printLines([JSON.stringify(result)]);
    else printLines(Object.entries(result).map(([k, v]) => `${k}: ${v}`));
    const bad =
      result.charged_twice + result.printed_not_charged + result.charged_not_printed + result.holds_left > 0 ||
      !result.ledger_matches_provider;
    if (bad) say(`Money and paper disagree: the processes' folders are kept in ${base} for a post-mortem.`);
    else if (!values.keep) rmSync(base, { recursive: true, force: true });
    return bad ? 1 : 0;
  } catch (err) {
    say(`The chaos run could not finish: ${(err as Error).message}\nIts folders are kept in ${base}.`);
    return 2;
  }
}

async function chaos(base: string, n: number, seed: number, say: (l: string) => void): Promise<ChaosResult> {
  const random = rng(seed);
  const dirs = { card: join(base, 'card'), central: join(base, 'central'), kiosk: join(base, 'kiosk') };
  const prints = join(base, 'prints');
  for (const d of [...Object.values(dirs), prints]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const startedAt = new Date();

  // The card service: never killed (it is the vendor's system), misbehaving on purpose.
  const cardToken = randomBytes(24).toString('hex');
  const cardTokenFile = join(base, 'card-token');
  writeFileSync(cardTokenFile, `${cardToken}\n`, { mode: 0o600 });
  const cardPort = await freePort();
  const cardUrl = `http://127.0.0.1:${cardPort}`;
  const card = new EstationProcess(
    'the campus-card service',
    [
      ...['campus-card', 'serve', '--port', String(cardPort), '--data', dirs.card, '--token-file', cardTokenFile],
      ...FAULTS.flatMap((f) => ['--fault', f]),
      ...['--slow-ms', String(SLOW_MS)],
    ],
    (out) => out.includes('listening on'),
  );
  await card.start();

  // Central at a fixed address, so that the station finds it again after each restart.
  const store = await SqliteCentralStore.open(join(dirs.central, 'central.sqlite'));
  const terminalToken = await store.enrollTerminal(TERMINAL, 'Chaos station');
  await store.close();
  const centralPort = await freePort();
  const centralUrl = `http://127.0.0.1:${centralPort}`;
  const central = new EstationProcess(
    'central',
    [
      ...['central', '--data', dirs.central, '--port', String(centralPort), '--demo'],
      ...['--payments', 'campus-card', '--campus-card-url', cardUrl, '--campus-card-token-file', cardTokenFile],
    ],
    (out) => out.includes('listening on'),
  );
  await central.start();

  const students = demoPeople().filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
  for (const s of students) await topUp(cardUrl, cardToken, s.id);

  const config = join(base, 'kiosk.json');
  writeFileSync(
    config,
    JSON.stringify({
      terminal: { id: TERMINAL, name: 'Chaos station' },
      central: { url: centralUrl, token: terminalToken, timeoutMs: 8000, heartbeatS: 30 },
      dataDir: dirs.kiosk,
      printer: { type: 'file', dir: prints },
      demoCards: students.map((s) => ({ card: s.card, label: s.name })),
    }),
  );
  const station = new EstationProcess(
    'the station',
    ['kiosk', '--config', config, '--web', '--no-open', '--port', '0'],
    (_out, pid) => readRuntime(dirs.kiosk)?.pid === pid,
  );
  await station.start();
  const kiosk = (method: string, params: unknown = {}) => callKiosk(readRuntime(dirs.kiosk)!, method, params);

  for (let i = 0; i < n; i++) {
    const student = students[i % students.length]!;
    // During some requests, one of the two is killed at a random moment and started again.
    const victim = random() < KILL_RATE ? (random() < 0.5 ? station : central) : null;
    const chaos = victim ? killLater(victim, random() * 3000) : Promise.resolve();
    // A kill interrupts the visit: a request already taken is carried on by the queue; a visit that never
    // got to its request (central down at the tap) is made again once both are back.
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await printOne(kiosk, student.card).catch((err: Error) => err);
      if (!(outcome instanceof NotRequested)) break;
      await chaos;
    }
    await chaos;
    if (i % 25 === 24) say(`  ${i + 1}/${n} requests; killed: station ${station.kills}, central ${central.kills}`);
  }

  say(
    `settling: the station's queue, then central's sweep (station killed ${station.kills}×, central ${central.kills}×)`,
  );
  await waitForStation(dirs.kiosk);
  await station.stop();
  await central.stop();
  const provider = new CampusCardProvider({ url: cardUrl, token: cardToken });
  await cardServiceIdle(cardUrl, cardToken);
  await settleMoney(join(dirs.central, 'central.sqlite'), provider);
  const result = await compare(n, prints, join(dirs.central, 'central.sqlite'), provider, startedAt);
  say(`the card service's faults that happened: ${JSON.stringify(await faultsHappened(cardUrl, cardToken))}`);
  await card.stop();
  return result;
}

/** One student's visit: tap, a request with one paid copy (after any free ones), wait for it, leave. */
async function printOne(kiosk: (m: string, p?: unknown) => Promise<unknown>, card: string): Promise<void> {
  await kiosk('simulateSwipe', { card });
  let session: SessionView | null = null;
  // A tap while central is down is answered `rejected` (cannot look up): this visit is over.
  for (let t = 0; t < 200 && session?.state !== 'active' && session?.state !== 'rejected'; t++) {
    session = (await kiosk('getSession')) as SessionView;
    if (session.state !== 'active') await sleep(100);
  }
  if (session?.state !== 'active') {
    await kiosk('endSession');
    throw new NotRequested();
  }
  const transcript = session.catalog.find((c) => c.kind === 'transcript');
  if (!transcript?.available) throw new NotRequested();
  const copies = Math.min(transcript.maxCopies, (transcript.freeRemaining ?? 0) + 1);
  await kiosk('requestPrint', { requestId: randomUUID(), items: [{ kind: 'transcript', language: 'zh', copies }] });
  for (let t = 0; t < 600; t++) {
    const { jobs } = (await kiosk('listSessionJobs')) as { jobs: JobView[] };
    if (jobs.every((j) => FINAL.includes(j.status) || j.status === 'printed' || j.status === 'reported')) break;
    await sleep(100);
  }
  await kiosk('endSession');
}

/** A visit that ended before its print request was made. */
class NotRequested extends Error {}

async function killLater(p: EstationProcess, afterMs: number): Promise<void> {
  await sleep(afterMs);
  await p.kill();
  await p.start();
}

/** Every job of the station final and its outbox empty (read from its database, as staff would see it). */
async function waitForStation(dataDir: string): Promise<void> {
  const end = Date.now() + SETTLE_MS;
  for (;;) {
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    try {
      const open = db
        .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status NOT IN (${FINAL.map(() => '?').join(',')})`)
        .get(...FINAL) as { n: number };
      const outbox = db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
      if (open.n === 0 && outbox.n === 0) return;
      if (Date.now() > end)
        throw new Error(`the station did not settle: ${open.n} job(s) open, ${outbox.n} report(s) unsent`);
    } finally {
      db.close();
    }
    await sleep(500);
  }
}

/**
 * Central's sweep, run here on central's database once the station has reported everything: captures
 * and releases still unanswered are made again, and a hold of a job the station never reported is
 * released at once (central waits 24 h for a late report; here no report can come any more). Central is
 * stopped and the card service has finished its calls (cardServiceIdle), so no hold central gave up on can
 * still land: "no hold" is final at once (central itself waits HOLD_IN_DOUBT_MS for it).
 */
async function settleMoney(file: string, provider: CampusCardProvider): Promise<void> {
  const store = await SqliteCentralStore.open(file);
  try {
    const wiring = new PaymentWiring({ provider, ledger: store.payments, releaseAfterMs: 0, holdInDoubtMs: 0 });
    const end = Date.now() + SETTLE_MS;
    while ((await wiring.sweep()) > 0) {
      if (Date.now() > end) throw new Error('central could not settle every paid job with the card service');
      await sleep(500);
    }
  } finally {
    await store.close();
  }
}

/** The paper, central's ledger and the card service's statement, compared. */
async function compare(
  n: number,
  prints: string,
  centralFile: string,
  provider: CampusCardProvider,
  startedAt: Date,
): Promise<ChaosResult> {
  // The file printer names each document after its job (`<job>.pdf`, `<job>.x3.pdf`, a second print `-2`).
  const printed = new Set(
    readdirSync(prints)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => f.split('.')[0]!),
  );
  const days = new Set([startedAt, new Date()].map((d) => d.toISOString().slice(0, 10)));
  const statement: StatementEntry[] = [];
  for (const d of days) statement.push(...(await provider.statement(d)));
  const at = (job: string, kind: StatementEntry['kind']) =>
    statement.filter((m) => m.jobId === job && m.kind === kind).length;
  const jobs = new Set(statement.flatMap((m) => (m.jobId ? [m.jobId] : [])));
  const store = await SqliteCentralStore.open(centralFile);
  try {
    const paid = (await store.sql.all<{ job_id: string }>(
      'SELECT job_id FROM documents WHERE charged_cents > 0 AND reprint_of IS NULL',
    )) as { job_id: string }[];
    const timeZone = await institutionTimeZone(store.sql);
    const localDays = new Set([startedAt, new Date()].map((d) => localDate(d.toISOString(), timeZone)));
    let mismatches = 0;
    for (const d of localDays) mismatches += (await reconcileDay(store, provider, d)).mismatches.length;
    return {
      jobs: n,
      printed: printed.size,
      charged_twice: [...jobs].filter((j) => at(j, 'capture') > 1 || at(j, 'hold') > 1).length,
      printed_not_charged: paid.filter((d) => printed.has(d.job_id) && at(d.job_id, 'capture') === 0).length,
      charged_not_printed: [...jobs].filter((j) => at(j, 'capture') > at(j, 'refund') && !printed.has(j)).length,
      holds_left: [...jobs].filter((j) => at(j, 'hold') > 0 && at(j, 'capture') + at(j, 'release') === 0).length,
      ledger_matches_provider: mismatches === 0,
    };
  } finally {
    await store.close();
  }
}

/** Enough money on a student's card that no print of the run is refused for want of it. */
async function topUp(url: string, token: string, person: string): Promise<void> {
  const res = await fetch(`${url}/v1/accounts/${encodeURIComponent(person)}/top-ups`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amountCents: 5_000_000, reference: `chaos-${person}` }),
  });
  if (!res.ok) throw new Error(`the card service refused a top-up for ${person}: ${res.status} ${await res.text()}`);
}

/** Resolves when the card service has answered every call it received (a slow hold lands before this). */
async function cardServiceIdle(url: string, token: string): Promise<void> {
  const end = Date.now() + SETTLE_MS;
  for (;;) {
    const res = await fetch(`${url}/v1/admin/faults`, { headers: { authorization: `Bearer ${token}` } });
    if (((await res.json()) as { inFlight: number }).inFlight === 0) return;
    if (Date.now() > end) throw new Error('the card service still had calls in flight after 5 minutes');
    await sleep(200);
  }
}

/** How often each of the card service's faults happened (evidence that the run met them). */
async function faultsHappened(url: string, token: string): Promise<unknown> {
  const res = await fetch(`${url}/v1/admin/faults`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { happened: unknown }).happened;
}
