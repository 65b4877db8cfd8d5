/**
 * The kiosk's queue (JobStore + recovery + PrintRunner + Outbox, with the file printer and a real
 * central client) as a child process for the crash test. The test kills it with SIGKILL at random
 * moments, or tells it to kill itself at a named step (ESTATION_KILL_AT), then starts it again.
 *
 * Environment:
 *   ESTATION_DB, ESTATION_PRINTS         job database file and file-printer folder
 *   ESTATION_CENTRAL_URL, _TOKEN         the central server (which outlives this process)
 *   ESTATION_JOBS                        JSON [{ key, personId }]: print requests to make (idempotent)
 *   ESTATION_KILL_AT, ESTATION_KILL_NTH  die at the NTH time the step is reached (a QueueStep, or
 *                                        `recovered` / `created` of this harness)
 *   ESTATION_REAL_RENDER=1               render with the template engine (slow to load) instead of a
 *                                        one-page stand-in: the queue, not the renderer, is under test
 * Prints `ACCEPTED <key>` once a request is recorded (a request never acknowledged is sent again, as a
 * real client would), `READY` once all are, `DONE` when every job is settled.
 */
import { writeSync } from 'node:fs';
import { FilePrinter } from '../../drivers/printer/file-printer.js';
import { CentralClient } from '../../main/core/central-client.js';
import { openDatabase } from '../../main/core/db.js';
import { JobStore } from '../../main/core/job-store.js';
import { OPEN_STATES } from '../../main/core/job-state.js';
import { createLogger } from '../../main/core/log.js';
import { Outbox } from '../../main/core/outbox.js';
import { PrintRunner, type RenderFn } from '../../main/core/print-runner.js';
import { recoverQueue } from '../../main/core/queue/recovery.js';
import type { TemplateRegistry } from '../../main/core/template-registry.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const killAt = process.env.ESTATION_KILL_AT;
const killNth = Number(process.env.ESTATION_KILL_NTH ?? '1');
let reached = 0;
function checkpoint(step: string): void {
  if (step !== killAt || ++reached !== killNth) return;
  writeSync(1, `KILLING at ${step}\n`);
  process.kill(process.pid, 'SIGKILL');
}

async function main(): Promise<void> {
  const log = createLogger({ level: 'warn', write: (line) => writeSync(2, `${line}\n`) });
  const db = openDatabase(env('ESTATION_DB'));
  const jobs = new JobStore(db);
  const printer = new FilePrinter(env('ESTATION_PRINTS'));
  const central = new CentralClient({
    baseUrl: env('ESTATION_CENTRAL_URL'),
    token: env('ESTATION_CENTRAL_TOKEN'),
    timeoutMs: 10_000,
  });
  let templates: TemplateRegistry;
  let render: RenderFn | undefined;
  if (process.env.ESTATION_REAL_RENDER === '1') {
    templates = (await import('../../main/core/template-registry.js')).TemplateRegistry.load();
  } else {
    templates = {
      get: (kind: string, language: string) => ({ manifest: { id: `crash-${kind}-${language}`, version: '1.0.0' } }),
    } as unknown as TemplateRegistry;
    render = async (_template, data) => {
      const serial = (data.document as { serial: string }).serial;
      return {
        pdf: new TextEncoder().encode(`%PDF-1.7\n% stand-in for ${serial}\n%%EOF\n`),
        pages: 1,
        digest: serial.padEnd(16, '0'),
      };
    };
  }

  // Generous: the test kills this process many times while jobs are open.
  const recovered = await recoverQueue({ jobs, printer, log, maxResumes: 1000 });
  writeSync(1, `RECOVERED ${JSON.stringify(recovered)}\n`);
  checkpoint('recovered');

  const requests = JSON.parse(env('ESTATION_JOBS')) as { key: string; personId: string }[];
  for (const r of requests) {
    jobs.create({
      idempotencyKey: r.key,
      terminalId: 'crash-kiosk',
      personId: r.personId,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    checkpoint('created');
    writeSync(1, `ACCEPTED ${r.key}\n`);
  }
  writeSync(1, 'READY\n');

  const onJob = () => {};
  const runner = new PrintRunner({
    jobs,
    central,
    printer,
    templates,
    log,
    onJob,
    pollMs: 20,
    retryMs: 50,
    maxRetryMs: 500,
    checkpoint,
    ...(render ? { render } : {}),
  });
  const outbox = new Outbox({ jobs, central, log, onJob, baseDelayMs: 50, maxDelayMs: 500, checkpoint });
  for (let round = 0; ; round++) {
    await runner.kick();
    await outbox.resume();
    if (jobs.listByStatus(OPEN_STATES).length === 0 && jobs.backlog().backlog === 0) break;
    if (round > 2000) throw new Error('the queue did not settle');
    await new Promise((r) => setTimeout(r, 20));
  }
  await runner.stop();
  outbox.stop();
  writeSync(1, `DONE ${JSON.stringify(jobs.countByStatus())}\n`);
  db.close();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    writeSync(2, `kiosk-child failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
