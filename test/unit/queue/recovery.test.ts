import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FilePrinter } from '../../../drivers/printer/file-printer.js';
import type { Printer, PrinterJobState } from '../../../drivers/printer/types.js';
import type { JobStatus } from '../../../shared/jobs.js';
import type { JobPatch } from '../../../main/core/job-store.js';
import { silentLogger } from '../../../main/core/log.js';
import { recoverQueue } from '../../../main/core/queue/recovery.js';
import { newJob, PATH_TO, tempStore } from './temp-db.js';

describe('start-up recovery', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  const setup = () => {
    t = tempStore();
    const prints = join(t.dir, 'prints');
    mkdirSync(prints);
    const printer = new FilePrinter(prints);
    const jobIn = (status: string, patch: JobPatch = {}) => {
      const { job } = t.store.create(newJob());
      t.store.note(job.id, 'setup', { serial: `SER-${job.id.slice(-6)}`, pages: 1, printer_id: 'file', ...patch });
      for (const s of PATH_TO[status as JobStatus]) t.store.transition(job.id, s);
      return t.store.get(job.id);
    };
    return { prints, printer, jobIn };
  };

  it('resumes jobs before paper, and marks the restart in their audit trail', async () => {
    const { printer, jobIn } = setup();
    const jobs = ['requested', 'authorized', 'rendered'].map((s) => jobIn(s));
    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(r).toMatchObject({ resumed: 3, printed: 0, needsAttention: 0 });
    for (const j of jobs) {
      const now = t.store.get(j.id);
      expect(now.status).toBe(j.status);
      expect(now.resumes).toBe(1);
      expect(t.store.events(j.id).at(-1)!.detail).toMatch(/resumed after a restart/);
    }
  });

  it('asks the printer about submitted jobs and never sends them again', async () => {
    const { prints, printer, jobIn } = setup();
    const onPaper = jobIn('submitted');
    writeFileSync(join(prints, `${onPaper.id}.pdf`), '%PDF-1.7'); // the printer has it, its id was never recorded
    const recorded = jobIn('submitted', { printer_job_id: 'known.pdf' });
    writeFileSync(join(prints, 'known.pdf'), '%PDF-1.7');
    const lost = jobIn('submitted'); // killed before the PDF reached the printer
    const vanished = jobIn('submitted', { printer_job_id: 'purged.pdf' }); // the printer forgot it
    const elsewhere = jobIn('submitted', { printer_id: 'old-printer' });

    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(r).toMatchObject({ printed: 2, needsAttention: 3, failed: 0 });
    expect(t.store.get(onPaper.id)).toMatchObject({ status: 'printed', printer_job_id: `${onPaper.id}.pdf` });
    expect(t.store.get(recorded.id).status).toBe('printed');
    for (const j of [lost, vanished, elsewhere]) expect(t.store.get(j.id).status).toBe('needs_attention');
    expect(
      t.store
        .dueReports(10)
        .map((x) => x.job_id)
        .sort(),
    ).toEqual([onPaper.id, recorded.id].sort());
    expect(t.store.dueReports(10).every((x) => x.payload.outcome === 'printed')).toBe(true);
  });

  it('leaves jobs the printer is still working on for tracking, and fails aborted ones', async () => {
    const { jobIn } = setup();
    const states: Record<string, PrinterJobState> = {
      'p-1': { state: 'processing', reasons: [] },
      'p-2': { state: 'aborted', reasons: ['aborted-by-system'] },
      'p-3': { state: 'unknown', reasons: ['job-not-found'] },
    };
    const printer: Printer = {
      id: 'file',
      submit: () => Promise.reject(new Error('recovery must never submit')),
      jobState: async (ref) => states[ref.id]!,
      findJob: async () => null,
      status: async () => ({ state: 'idle', acceptingJobs: true, conditions: [], supplies: [] }),
      close: async () => {},
    };
    const printing = jobIn('submitted', { printer_job_id: 'p-1' });
    const aborted = jobIn('submitted', { printer_job_id: 'p-2' });
    const unknown = jobIn('submitted', { printer_job_id: 'p-3' });
    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(r).toMatchObject({ stillPrinting: 1, failed: 1, needsAttention: 1 });
    expect(t.store.get(printing.id).status).toBe('submitted');
    expect(t.store.get(aborted.id).status).toBe('failed');
    expect(t.store.dueReports(10).map((x) => [x.job_id, x.payload.outcome])).toEqual([[aborted.id, 'failed']]);
    expect(t.store.get(unknown.id).status).toBe('needs_attention');
  });

  it('leaves a job whose printer cannot be reached yet for the runner to keep asking', async () => {
    const { jobIn } = setup();
    const printer: Printer = {
      id: 'file',
      submit: () => Promise.reject(new Error('never')),
      jobState: () => Promise.reject(new Error('printer unreachable')),
      findJob: () => Promise.reject(new Error('printer unreachable')),
      status: async () => ({ state: 'stopped', acceptingJobs: false, conditions: [], supplies: [] }),
      close: async () => {},
    };
    const job = jobIn('submitted');
    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(r).toMatchObject({ stillPrinting: 1, needsAttention: 0 });
    expect(t.store.get(job.id).status).toBe('submitted');
    expect(t.store.events(job.id).at(-1)!.detail).toMatch(/printer unreachable/);
  });

  it('leaves a job for tracking when the printer answers "unknown" only because it cannot be reached (transient)', async () => {
    const { jobIn } = setup();
    const asked: string[] = [];
    const printer: Printer = {
      id: 'file',
      submit: () => Promise.reject(new Error('never')),
      // What the IPP driver answers for a printer that does not answer: unknown, reason printer-unreachable.
      jobState: async (ref) => (
        asked.push(ref.id),
        ref.id === 'p-gone'
          ? { state: 'unknown', reasons: ['job-not-found'] }
          : { state: 'unknown', reasons: ['printer-unreachable', 'connect EHOSTUNREACH'] }
      ),
      findJob: async () => null,
      status: async () => ({ state: 'stopped', acceptingJobs: false, conditions: [], supplies: [] }),
      close: async () => {},
    };
    const booting = jobIn('submitted', { printer_job_id: 'p-1' });
    const gone = jobIn('submitted', { printer_job_id: 'p-gone' });
    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(asked.sort()).toEqual(['p-1', 'p-gone']);
    expect(r).toMatchObject({ stillPrinting: 1, needsAttention: 1 });
    expect(t.store.get(booting.id)).toMatchObject({ status: 'submitted', resumes: 1 });
    expect(t.store.events(booting.id).at(-1)!.detail).toMatch(/printer-unreachable/);
    // The printer answered and lost the job: that is final, staff decide.
    expect(t.store.get(gone.id).status).toBe('needs_attention');
  });

  it('puts a missing report back into the outbox for printed and reported jobs', async () => {
    const { printer, jobIn } = setup();
    const printed = jobIn('printed');
    const reported = jobIn('reported');
    const confirmed = jobIn('confirmed');
    const r = await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(r.requeuedReports).toBe(2);
    expect(
      t.store
        .dueReports(10)
        .map((x) => x.job_id)
        .sort(),
    ).toEqual([printed.id, reported.id].sort());
    expect(t.store.hasReport(confirmed.id)).toBe(false);
    // Done again (a crash during recovery), nothing is doubled.
    await recoverQueue({ jobs: t.store, printer, log: silentLogger() });
    expect(t.store.backlog().backlog).toBe(2);
  });

  it('gives up on a job that was open across too many restarts, instead of looping', async () => {
    const { printer, jobIn } = setup();
    const job = jobIn('authorized');
    for (let i = 0; i < 3; i++) await recoverQueue({ jobs: t.store, printer, log: silentLogger(), maxResumes: 3 });
    expect(t.store.get(job.id).status).toBe('authorized');
    await recoverQueue({ jobs: t.store, printer, log: silentLogger(), maxResumes: 3 });
    expect(t.store.get(job.id)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/gave up after 3 restarts/),
    });
    expect(t.store.dueReports(10)[0]!.payload).toMatchObject({ jobId: job.id, outcome: 'failed' });
    expect(t.store.get(job.id).flag).toBeNull();
  });

  it('gives up on a job with no serial yet and flags it for staff in the same step: central may have authorized it unseen', async () => {
    const { printer } = setup();
    const { job } = t.store.create(newJob());
    for (let i = 0; i < 4; i++) await recoverQueue({ jobs: t.store, printer, log: silentLogger(), maxResumes: 3 });
    expect(t.store.get(job.id)).toMatchObject({
      status: 'failed',
      serial: null,
      flag: expect.stringMatching(/gave up after 3 restarts.*central may hold an authorization/),
    });
    expect(t.store.events(job.id).at(-1)).toMatchObject({ from_status: 'requested', to_status: 'failed' });
    expect(t.store.hasReport(job.id)).toBe(false);
    expect(t.store.attention().map((j) => j.id)).toEqual([job.id]);
  });
});
