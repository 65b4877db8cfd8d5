/**
 * What the PrintRunner does when the printer misbehaves around a submit: it never sends a job twice,
 * fails a job only when the printer certainly took nothing, and hands the rest to staff.
 */
import { describe, expect, it } from 'vitest';
import { FakePrinter } from '../../../drivers/printer/fake-printer.js';
import { FilePrinter } from '../../../drivers/printer/file-printer.js';
import { PrinterError } from '../../../drivers/printer/types.js';
import { CentralClient } from '../../../main/core/central-client.js';
import { openDatabase } from '../../../main/core/db.js';
import { JobStore } from '../../../main/core/job-store.js';
import { PrintRunner } from '../../../main/core/print-runner.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import { recoverQueue } from '../../../main/core/queue/recovery.js';
import { TERMINAL, until, type TestKiosk, useQueueFixture } from './harness.js';
import { authorizeAtCentral } from '../../helpers/authorized-job.js';

const q = useQueueFixture('printer', 'en');
let kiosk: TestKiosk | null = null;

describe('printer failures around a submit', () => {
  it('fails a job the printer certainly did not take (disconnected), and releases it at central', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer });
    printer.nextSubmitError = new PrinterError('connection refused', 'file', { disconnected: true });
    const job = q.request(kiosk);
    await kiosk.runner.kick();
    expect(kiosk.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/could not be reached/),
    });
    await kiosk.outbox.flush();
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'failed', reportCount: 1 });
    expect(printer.jobs).toHaveLength(0);
  });

  it('after a submit timeout, looks the job up by name instead of sending it again', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer });
    const job = q.request(kiosk);
    // The printer got the job, but the answer timed out.
    const submit = printer.submit.bind(printer);
    printer.submit = async (pdf, options) => {
      await submit(pdf, options);
      throw new PrinterError('no answer within 30 s', 'file', { timeout: true });
    };
    const running = kiosk.runner.kick();
    await until(
      () => printer.jobs.length === 1 && kiosk!.jobs.get(job.id).printer_job_id !== null,
      'the job to be found on the printer',
    );
    printer.setJobState(printer.jobs[0]!.ref.id, { state: 'completed', reasons: ['job-completed-successfully'] });
    await running;
    expect(kiosk.jobs.get(job.id).status).toBe('printed');
    expect(printer.jobs).toHaveLength(1);
  });

  it.each([
    ['aborted', ['media-jam-error'], 'printer aborted the job: media-jam-error'],
    ['canceled', ['job-canceled-by-operator'], 'printer canceled the job: job-canceled-by-operator'],
  ] as const)('reports a job the printer %s with its reason, and never sends it again', async (state, reasons, why) => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer });
    const job = q.request(kiosk);
    const running = kiosk.runner.kick();
    await until(() => printer.jobs.length === 1, 'the job to reach the printer');
    printer.setJobState(printer.jobs[0]!.ref.id, { state, reasons: [...reasons] });
    await running;
    expect(kiosk.jobs.get(job.id)).toMatchObject({ status: 'failed', last_error: why });
    // The report central gets carries the printer's reason.
    const queued = kiosk.db.prepare('SELECT payload FROM outbox WHERE job_id = ?').get(job.id) as { payload: string };
    expect(JSON.parse(queued.payload)).toMatchObject({ outcome: 'failed', detail: why });
    await kiosk.runner.kick();
    expect(printer.jobs).toHaveLength(1);
    await kiosk.outbox.flush();
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'failed', reportCount: 1 });
  });

  it('sends a job to staff when a submit timed out and the printer has no such job', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer });
    printer.nextSubmitError = new PrinterError('no answer within 30 s', 'file', { timeout: true });
    const job = q.request(kiosk);
    await kiosk.runner.kick();
    expect(kiosk.jobs.get(job.id).status).toBe('needs_attention');
    expect(printer.jobs).toHaveLength(0);
  });

  it('keeps asking a printer that is rebooting after a power cut, and never resubmits', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer, runner: { maxPrinterErrors: 1000 } });
    const job = q.request(kiosk);
    // Killed right after `submitted`, with the job on the printer but its id not recorded.
    for (const s of ['authorized', 'rendered', 'submitted'] as const)
      kiosk.jobs.transition(
        job.id,
        s,
        null,
        s === 'authorized'
          ? {
              serial: (
                await q.central.store.authorize(TERMINAL, {
                  jobId: job.id,
                  personId: job.person_id,
                  kind: 'enrollment',
                  language: 'en',
                  copies: 1,
                })
              ).serial,
            }
          : {},
      );
    await printer.submit(new Uint8Array(10), { copies: 1, jobName: job.id });
    printer.vanished = true;
    expect(await recoverQueue({ jobs: kiosk.jobs, printer, log: kiosk.log })).toMatchObject({ stillPrinting: 1 });
    let unanswered = 0;
    const findJob = printer.findJob.bind(printer);
    printer.findJob = (name) => findJob(name).catch((err: Error) => (unanswered++, Promise.reject(err)));
    const running = kiosk.runner.kick();
    await until(() => unanswered >= 2, 'the runner to ask the unreachable printer twice');
    expect(kiosk.jobs.get(job.id).status).toBe('submitted');
    printer.vanished = false;
    await until(() => kiosk!.jobs.get(job.id).printer_job_id !== null, 'the job to be found by name');
    printer.setJobState(printer.jobs[0]!.ref.id, { state: 'completed', reasons: [] });
    await running;
    expect(kiosk.jobs.get(job.id).status).toBe('printed');
    expect(printer.jobs).toHaveLength(1);
  });

  it('keeps asking a printer that stops answering for a moment while the job prints, and never hands the job to staff', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer, runner: { maxPrinterErrors: 1000 } });
    const job = q.request(kiosk);
    // The real IPP driver answers `unknown` with reason `printer-unreachable` when the printer does not answer.
    let unanswered = 0;
    const jobState = printer.jobState.bind(printer);
    printer.jobState = async (ref) => {
      const state = await jobState(ref);
      if (state.reasons[0] === 'printer-unreachable') unanswered++;
      return state;
    };
    const running = kiosk.runner.kick();
    await until(() => printer.jobs.length === 1, 'the submit');
    printer.vanished = true;
    await until(
      () => unanswered >= 3 || kiosk!.jobs.get(job.id).status !== 'submitted',
      'the runner to ask the silent printer again',
    );
    expect(kiosk.jobs.get(job.id)).toMatchObject({ status: 'submitted', flag: null });
    printer.vanished = false;
    printer.setJobState(printer.jobs[0]!.ref.id, { state: 'completed', reasons: ['job-completed-successfully'] });
    await running;
    expect(kiosk.jobs.get(job.id).status).toBe('printed');
    expect(printer.jobs).toHaveLength(1);
    await kiosk.outbox.flush();
    expect(await q.central.store.document(job.id)).toMatchObject({ status: 'printed', reportCount: 1 });
  });

  it('after a power cut, tracks a recorded job whose printer does not answer yet instead of handing it to staff', async () => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer, runner: { maxPrinterErrors: 1000 } });
    const job = q.request(kiosk);
    const auth = await authorizeAtCentral(q.central.store, job);
    for (const s of ['authorized', 'rendered', 'submitted'] as const)
      kiosk.jobs.transition(job.id, s, null, s === 'authorized' ? { serial: auth.serial, pages: 1 } : {});
    // Killed after the printer-side id was recorded; the printer boots more slowly than the kiosk.
    const ref = await printer.submit(new Uint8Array(10), { copies: 1, jobName: job.id });
    kiosk.jobs.note(job.id, 'printer accepted', { printer_job_id: ref.id });
    printer.vanished = true;
    expect(await recoverQueue({ jobs: kiosk.jobs, printer, log: kiosk.log })).toMatchObject({
      stillPrinting: 1,
      needsAttention: 0,
    });
    expect(kiosk.jobs.get(job.id).status).toBe('submitted');
    const running = kiosk.runner.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(kiosk.jobs.get(job.id).status).toBe('submitted');
    printer.vanished = false;
    printer.setJobState(ref.id, { state: 'completed', reasons: [] });
    await running;
    expect(kiosk.jobs.get(job.id).status).toBe('printed');
    expect(printer.jobs).toHaveLength(1);
  });

  it.each([
    [
      'rejects every question',
      (p: FakePrinter): void => void (p.jobState = () => Promise.reject(new Error('EHOSTUNREACH'))),
      /EHOSTUNREACH/,
    ],
    [
      'answers only "unknown: printer-unreachable"',
      (p: FakePrinter): void => void (p.vanished = true),
      /could not be asked about this job \(printer-unreachable/,
    ],
  ] as const)('gives a job to staff when the printer stays unreachable (it %s)', async (_how, silence, why) => {
    const printer = new FakePrinter('file');
    kiosk = q.kiosk({ printer, runner: { maxPrinterErrors: 3 } });
    const job = q.request(kiosk);
    const running = kiosk.runner.kick();
    await until(() => printer.jobs.length === 1, 'the submit');
    silence(printer);
    await running;
    expect(kiosk.jobs.get(job.id)).toMatchObject({ status: 'needs_attention', last_error: expect.stringMatching(why) });
    expect(printer.jobs).toHaveLength(1);
  });
});

describe('two kiosk processes on one database by mistake', () => {
  it('never print a job twice: every step is claimed in an IMMEDIATE transaction', async () => {
    kiosk = q.kiosk();
    const a = kiosk;
    // A second connection to the same file with its own runner, writing to the same printer folder.
    const db2 = openDatabase(a.db.name);
    const jobs2 = new JobStore(db2);
    const client = new CentralClient({ baseUrl: q.central.url, token: q.central.tokens[TERMINAL]!, timeoutMs: 5000 });
    const runner2 = new PrintRunner({
      jobs: jobs2,
      central: client,
      printer: new FilePrinter(a.prints),
      templates: TemplateRegistry.load(),
      log: a.log,
      onJob: () => {},
      pollMs: 20,
    });
    try {
      const jobs = Array.from({ length: 6 }, () => q.request(a));
      await Promise.all([a.runner.kick(), runner2.kick(), a.runner.kick()]);
      await Promise.all([a.runner.kick(), runner2.kick()]);
      for (const j of jobs) {
        expect(a.jobs.get(j.id).status).toBe('printed');
        expect(a.printed(j.id)).toEqual([`${j.id}.pdf`]);
      }
    } finally {
      await runner2.stop();
      db2.close();
    }
  });
});
