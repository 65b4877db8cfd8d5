/**
 * A kiosk queue (JobStore + PrintRunner + Outbox + FilePrinter) wired to a real central server on
 * loopback, with a network in between that tests can break in the ways real networks break.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { FilePrinter } from '../../../drivers/printer/file-printer.js';
import type { Printer } from '../../../drivers/printer/types.js';
import { CentralClient } from '../../../main/core/central-client.js';
import { openDatabase, type Db } from '../../../main/core/db.js';
import { JobStore, type JobRow } from '../../../main/core/job-store.js';
import { createLogger, type Logger } from '../../../main/core/log.js';
import { Outbox, type OutboxOptions } from '../../../main/core/outbox.js';
import { PrintRunner, type PrintRunnerOptions } from '../../../main/core/print-runner.js';
import type { Checkpoint } from '../../../main/core/queue/steps.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import type { CentralRouteName } from '../../../shared/central-api.js';
import type { Language } from '../../../shared/domain.js';
import { centralRoutes } from '../../../shared/central-api.js';

export type Fault =
  | { kind: 'down' }
  | { kind: 'http'; status: number }
  /** Central does the work, but its answer comes only after `ms` (the client may give up first). */
  | { kind: 'slow'; ms: number }
  /** Central does the work, then the connection breaks before the answer arrives. */
  | { kind: 'lose-answer' }
  /** Central answers, but the answer is rewritten (a lying or buggy central). */
  | { kind: 'rewrite'; fn: (json: Record<string, unknown>, body: Record<string, unknown>) => unknown }
  /** Central answers, but the bytes of its answer are rewritten (e.g. cut off half-way). */
  | { kind: 'garble'; fn: (text: string) => string };

const ROUTE_BY_PATH = new Map<string, CentralRouteName>(
  Object.entries(centralRoutes).map(([name, r]) => [r.path, name as CentralRouteName]),
);

export class FaultyNetwork {
  private faults = new Map<CentralRouteName | '*', Fault>();
  readonly calls: { route: CentralRouteName; outcome: string }[] = [];

  set(route: CentralRouteName | '*', fault: Fault | null): void {
    if (fault) this.faults.set(route, fault);
    else this.faults.delete(route);
  }

  heal(): void {
    this.faults.clear();
  }

  count(route: CentralRouteName): number {
    return this.calls.filter((c) => c.route === route).length;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const route = ROUTE_BY_PATH.get(url.pathname)!;
    const fault = this.faults.get(route) ?? this.faults.get('*');
    this.calls.push({ route, outcome: fault?.kind ?? 'ok' });
    if (!fault) return fetch(input, init);
    switch (fault.kind) {
      case 'down':
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      case 'http':
        return new Response(JSON.stringify({ error: 'internal', message: 'Internal server error' }), {
          status: fault.status,
          headers: { 'content-type': 'application/json' },
        });
      case 'slow': {
        const res = await fetch(input, { ...init, signal: null });
        const text = await res.text();
        await abortableSleep(fault.ms, init?.signal ?? undefined);
        return new Response(text, { status: res.status, headers: res.headers });
      }
      case 'lose-answer': {
        const res = await fetch(input, { ...init, signal: null });
        await res.text();
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      case 'garble': {
        const res = await fetch(input, init);
        return new Response(fault.fn(await res.text()), {
          status: res.status,
          headers: { 'content-type': 'application/json' },
        });
      }
      case 'rewrite': {
        const res = await fetch(input, init);
        const json = (await res.json()) as Record<string, unknown>;
        return new Response(JSON.stringify(fault.fn(json, JSON.parse(String(init?.body)) as Record<string, unknown>)), {
          status: res.status,
          headers: { 'content-type': 'application/json' },
        });
      }
    }
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    });
  });
}

export interface TestKiosk {
  dir: string;
  prints: string;
  db: Db;
  jobs: JobStore;
  runner: PrintRunner;
  outbox: Outbox;
  network: FaultyNetwork;
  log: Logger;
  logLines: string[];
  /** Output files of the file printer for a job (duplicates would show as `<id>-2.pdf`). */
  printed(jobId: string): string[];
  close(): Promise<void>;
}

export const TERMINAL = 'kiosk-q';

export async function startTestCentral(): Promise<{
  central: RunningCentral<SqliteCentralStore>;
  dir: string;
  close: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-qcentral-'));
  const central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [{ id: TERMINAL, name: 'Queue test' }],
  });
  return {
    central,
    dir,
    close: async () => {
      await central.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let templates: TemplateRegistry | null = null;

export function createTestKiosk(
  central: RunningCentral<SqliteCentralStore>,
  options: {
    timeoutMs?: number;
    checkpoint?: Checkpoint;
    runner?: Partial<PrintRunnerOptions>;
    outbox?: Partial<OutboxOptions>;
    printer?: Printer;
  } = {},
): TestKiosk {
  const dir = mkdtempSync(join(tmpdir(), 'estation-qkiosk-'));
  const prints = join(dir, 'prints');
  mkdirSync(prints);
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const jobs = new JobStore(db);
  const network = new FaultyNetwork();
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => logLines.push(l) });
  const client = new CentralClient({
    baseUrl: central.url,
    token: central.tokens[TERMINAL]!,
    timeoutMs: options.timeoutMs ?? 5000,
    fetch: network.fetch,
  });
  const printer = options.printer ?? new FilePrinter(prints);
  templates ??= TemplateRegistry.load();
  const onJob = () => {};
  const runner = new PrintRunner({
    jobs,
    central: client,
    printer,
    templates,
    log,
    onJob,
    pollMs: 20,
    retryMs: 20,
    maxRetryMs: 100,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...options.runner,
  });
  const outbox = new Outbox({ jobs, central: client, log, onJob, baseDelayMs: 10, maxDelayMs: 50, ...options.outbox });
  return {
    dir,
    prints,
    db,
    jobs,
    runner,
    outbox,
    network,
    log,
    logLines,
    printed: (jobId) => readdirSync(prints).filter((f) => f.startsWith(jobId) && f.endsWith('.pdf')),
    async close() {
      await runner.stop();
      outbox.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` is true (no fixed sleeps: the machine may be slow). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type TestKioskOptions = Parameters<typeof createTestKiosk>[1];

/**
 * The fixture of a queue test file: one central server for the file, kiosks that are closed after
 * each test, and print requests (one enrollment certificate) for a different student each time, so
 * free quotas never run out. Idempotency keys start with `keyPrefix`.
 */
export function useQueueFixture(keyPrefix: string, language: Language = 'zh') {
  let started: Awaited<ReturnType<typeof startTestCentral>> | undefined;
  const open: TestKiosk[] = [];
  let students = 0;
  let requests = 0;
  beforeAll(async () => {
    started = await startTestCentral();
  });
  afterAll(async () => started?.close());
  afterEach(async () => {
    for (const k of open.splice(0)) await k.close();
  });
  const fixture = {
    get central(): RunningCentral<SqliteCentralStore> {
      if (!started) throw new Error('useQueueFixture: central starts in beforeAll; use it inside a test');
      return started.central;
    },
    kiosk(options: TestKioskOptions = {}): TestKiosk {
      const k = createTestKiosk(fixture.central, options);
      open.push(k);
      return k;
    },
    nextStudent() {
      // Enrolled students only: the requests are 在读证明, which a suspended, withdrawn or graduated one may not print.
      const all = fixture.central.people.filter((p) => p.record?.status === 'enrolled');
      return all[students++ % all.length]!;
    },
    request(k: TestKiosk, personId: string = fixture.nextStudent().id): JobRow {
      // A request follows a card tap at the station: central only takes jobs for a card it looked up there.
      void fixture.central.store.recordCardLookup(TERMINAL, personId);
      return k.jobs.create({
        idempotencyKey: `${keyPrefix}-${++requests}:0`,
        terminalId: TERMINAL,
        personId,
        kind: 'enrollment',
        language,
        copies: 1,
      }).job;
    },
  };
  return fixture;
}
