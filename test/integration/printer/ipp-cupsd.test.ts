/**
 * The IPP driver against a real, private cupsd (test/helpers/cupsd.ts) on a loopback port.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_DIR, loadTemplateBundle, renderCertificate } from '../../../templates/engine/index.js';
import { IppPrinter } from '../../../drivers/printer/ipp-printer.js';
import { httpTransport, httpUrlOf } from '../../../drivers/printer/ipp/http-transport.js';
import { ippRequest } from '../../../drivers/printer/ipp/ipp-request.js';
import { isReady, PrinterError } from '../../../drivers/printer/types.js';
import { startCupsd, type Cupsd } from '../../helpers/cupsd.js';
import { until } from './wait.js';

let cups: Cupsd;
let certificate: Uint8Array;

beforeAll(async () => {
  cups = await startCupsd();
  const bundle = loadTemplateBundle(join(BUILTIN_DIR, 'enrollment-zh'));
  certificate = (await renderCertificate(bundle, bundle.sample)).pdf;
}, 120_000);

afterAll(async () => {
  await cups?.dispose();
});

async function rejection(p: Promise<unknown>): Promise<PrinterError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrinterError);
  return err as PrinterError;
}

describe('IPP printer on a private cupsd', { timeout: 120_000 }, () => {
  it('prints a rendered certificate and tracks it to completed; the output is on disk', async () => {
    const q = await cups.addQueue('office');
    const printer = new IppPrinter({ uri: q.uri, timeoutMs: 10_000 });
    expect(isReady(await printer.status())).toBe(true);

    const ref = await printer.submit(certificate, { copies: 1, jobName: 'job-0001' });
    expect(ref.id).toMatch(/^\d+\/job-0001$/);
    const final = await until(
      'the job to end',
      () => printer.jobState(ref),
      (s) => !['pending', 'processing'].includes(s.state),
    );
    expect(final.state).toBe('completed');

    const out = await readFile(q.outputPath);
    expect(out.subarray(0, 4).toString()).toBe('%!PS'); // the cups-pdf PPD makes it a PostScript printer
    expect(out.toString('latin1')).toMatch(/%%Pages: 1\b/);
  });

  it('sends the copies asked for', async () => {
    const q = await cups.addQueue('copies');
    const printer = new IppPrinter({ uri: q.uri });
    const ref = await printer.submit(certificate, { copies: 3, jobName: 'job-copies' });
    await until(
      'the job to complete',
      () => printer.jobState(ref),
      (s) => s.state === 'completed',
    );
    const res = await ippRequest(
      { transport: httpTransport, url: httpUrlOf(q.uri), printerUri: q.uri, timeoutMs: 10_000, user: 'estation' },
      'Get-Job-Attributes',
      {
        'job-id': Number(ref.id.split('/')[0]),
        'requested-attributes': ['copies'],
      },
    );
    expect(res.jobs[0]?.copies).toBe(3);
  });

  it('finds a job by name after a crash lost its printer-side id', async () => {
    const q = await cups.addQueue('recon');
    const printer = new IppPrinter({ uri: q.uri });
    const ref = await printer.submit(certificate, { copies: 1, jobName: 'job-crash-1' });
    const fresh = new IppPrinter({ uri: q.uri }); // a new process knows only the job name
    expect(await fresh.findJob('job-crash-1')).toEqual(ref);
    expect(await fresh.findJob('job-never-submitted')).toBeNull();
    await until(
      'the found job to complete',
      () => fresh.jobState(ref),
      (s) => s.state === 'completed',
    );
  });

  it('a disabled queue (cupsdisable) is stopped with the reason, and a submit is refused clearly', async () => {
    const q = await cups.addQueue('paused');
    const printer = new IppPrinter({ uri: q.uri });
    await cups.admin('cupsdisable', '-r', 'Toner being replaced', 'paused');
    const s = await printer.status();
    expect(s.state).toBe('stopped');
    expect(s.conditions[0]).toMatchObject({ keyword: 'paused', severity: 'error' });
    expect(s.conditions[0]!.message.en).toContain('Toner being replaced');
    expect(isReady(s)).toBe(false);

    const err = await rejection(printer.submit(certificate, { copies: 1, jobName: 'job-paused' }));
    expect(err.flags.notAccepting).toBe(true);
    expect(err.message).toMatch(/paused.*Toner being replaced/);
    expect(await printer.findJob('job-paused')).toBeNull();

    await cups.admin('cupsenable', 'paused');
    expect(isReady(await printer.status())).toBe(true);
  });

  it('a queue rejecting jobs (cupsreject) is not accepting, and a submit is refused clearly', async () => {
    const q = await cups.addQueue('closed');
    const printer = new IppPrinter({ uri: q.uri });
    await cups.admin('cupsreject', '-r', 'Out of order', 'closed');
    const s = await printer.status();
    expect(s.acceptingJobs).toBe(false);
    expect(s.conditions[0]).toMatchObject({ keyword: 'not-accepting-jobs', severity: 'error' });
    expect(s.conditions[0]!.message.zh).toContain('Out of order');
    expect(isReady(s)).toBe(false);

    const err = await rejection(printer.submit(certificate, { copies: 1, jobName: 'job-closed' }));
    expect(err.flags.notAccepting).toBe(true);
    expect(err.message).toMatch(/not taking new jobs.*Out of order/);
    expect(await printer.findJob('job-closed')).toBeNull();
  });

  it('conditions a backend reports (paper out, toner low, supply levels) reach the status', async () => {
    const q = await cups.addQueue('empty', {
      gate: true,
      states: ['media-empty-error', 'toner-low-warning'],
      markers: [{ name: 'Black', level: 7 }],
    });
    const printer = new IppPrinter({ uri: q.uri });
    const ref = await printer.submit(certificate, { copies: 1, jobName: 'job-empty' });
    // The backend reports states and marker levels on separate lines: wait for both.
    const s = await until(
      'the backend to report',
      () => printer.status(),
      (st) => st.conditions.length >= 2 && st.supplies.length > 0,
    );
    expect(s.conditions.map((c) => `${c.keyword}/${c.severity}`)).toEqual(['media-empty/error', 'toner-low/warning']);
    expect(s.supplies).toEqual([{ name: 'Black', percent: 7 }]);
    expect(isReady(s)).toBe(false);
    const err = await rejection(printer.submit(certificate, { copies: 1, jobName: 'job-after-empty' }));
    expect(err.message).toMatch(/out of paper/);
    await q.openGate();
    await until(
      'the held job to complete',
      () => printer.jobState(ref),
      (st) => st.state === 'completed',
    );
  });

  it('a job the printer aborts is reported aborted with its reason', async () => {
    const q = await cups.addQueue('broken', { fail: true, errorPolicy: 'abort-job' });
    const printer = new IppPrinter({ uri: q.uri });
    const ref = await printer.submit(certificate, { copies: 1, jobName: 'job-abort' });
    const s = await until(
      'the job to end',
      () => printer.jobState(ref),
      (st) => !['pending', 'processing'].includes(st.state),
    );
    expect(s).toEqual({ state: 'aborted', reasons: ['E-station test backend was told to fail'] });
  });

  it('a job canceled on the print server is reported canceled with its reason', async () => {
    const q = await cups.addQueue('cancelme', { gate: true });
    const printer = new IppPrinter({ uri: q.uri });
    const ref = await printer.submit(certificate, { copies: 1, jobName: 'job-cancel' });
    await until(
      'the job to print',
      () => printer.jobState(ref),
      (st) => st.state === 'processing',
    );
    await cups.admin('cancel', ref.id.split('/')[0]!);
    // cupsd marks the job canceled while its backend is still being stopped (reasons then hold only
    // `processing-to-stop-point` and the message); the reason that says who canceled it follows.
    const s = await until(
      'the cancel to be reported with who canceled it',
      () => printer.jobState(ref),
      (st) => st.state === 'canceled' && st.reasons.includes('job-canceled-by-user'),
    );
    expect(s.state).toBe('canceled');
  });

  it('a queue that does not exist is reported, and nothing is printed', async () => {
    const printer = new IppPrinter({ uri: `ipp://${cups.host}:${cups.port}/printers/nope` });
    const s = await printer.status();
    expect(s.conditions[0]!.keyword).toBe('printer-not-found');
    await expect(printer.submit(certificate, { copies: 1, jobName: 'x' })).rejects.toThrow(/does not exist/);
  });
});
