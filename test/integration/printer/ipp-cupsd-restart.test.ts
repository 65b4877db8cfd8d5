/**
 * Reconciliation against a real cupsd that stops in the middle of a job: the job state is recovered
 * when the server comes back, or reported `unknown` when it cannot be; never guessed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { IppPrinter } from '../../../drivers/printer/ipp-printer.js';
import { PrinterError } from '../../../drivers/printer/types.js';
import { startCupsd, type Cupsd, type Queue } from '../../helpers/cupsd.js';
import { until } from './wait.js';

let cups: Cupsd;
let pdf: Uint8Array;
let gated: Queue;
let office: Queue;

beforeAll(async () => {
  cups = await startCupsd();
  gated = await cups.addQueue('gated', { gate: true });
  office = await cups.addQueue('office');
  const doc = await PDFDocument.create();
  doc.addPage().drawText('E-station reconciliation test', { font: await doc.embedFont(StandardFonts.Helvetica) });
  pdf = await doc.save();
}, 120_000);

afterAll(async () => {
  await cups?.dispose();
});

describe('cupsd stopped in the middle of a job', { timeout: 120_000 }, () => {
  it('while it is down: job state unknown, findJob refuses to answer, status offline, submit refused', async () => {
    const printer = new IppPrinter({ uri: gated.uri, timeoutMs: 5000 });
    const ref = await printer.submit(pdf, { copies: 1, jobName: 'job-midway' });
    await until(
      'the job to print',
      () => printer.jobState(ref),
      (s) => s.state === 'processing',
    );

    await cups.stop();
    try {
      const s = await printer.jobState(ref);
      expect(s.state).toBe('unknown');
      expect(s.reasons[0]).toBe('printer-unreachable');
      const err = await printer.findJob('job-midway').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PrinterError);
      expect((err as PrinterError).flags.disconnected).toBe(true);
      expect(await printer.status()).toMatchObject({
        state: 'stopped',
        conditions: [{ keyword: 'offline', severity: 'error' }],
      });
      await expect(printer.submit(pdf, { copies: 1, jobName: 'job-while-down' })).rejects.toMatchObject({
        flags: { disconnected: true },
      });
    } finally {
      await cups.start();
    }

    // Back up: CUPS kept the job; it is found again by id and by name, and finishes once the backend may.
    const recovered = await printer.jobState(ref);
    expect(['pending', 'processing']).toContain(recovered.state);
    const afterCrash = new IppPrinter({ uri: gated.uri });
    expect(await afterCrash.findJob('job-midway')).toEqual(ref);
    await gated.openGate();
    await until(
      'the recovered job to complete',
      () => afterCrash.jobState(ref),
      (s) => s.state === 'completed',
    );
    expect((await readFile(gated.outputPath)).length).toBeGreaterThan(1000);
    await gated.closeGate();
  });

  it('a server that lost its job history: unknown, and a reused job id is not taken for ours', async () => {
    const printer = new IppPrinter({ uri: office.uri });
    const ref = await printer.submit(pdf, { copies: 1, jobName: 'job-before-reset' });
    await until(
      'the job to complete',
      () => printer.jobState(ref),
      (s) => s.state === 'completed',
    );

    await cups.restart({ wipeState: true });

    expect(await printer.jobState(ref)).toEqual({ state: 'unknown', reasons: ['job-not-found'] });
    expect(await printer.findJob('job-before-reset')).toBeNull();

    // The server numbers jobs from 1 again: the new job may get our old id, and must not pass for ours.
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await printer.submit(pdf, { copies: 1, jobName: `job-after-reset-${i}` }));
    const oldId = ref.id.split('/')[0];
    const reused = others.find((o) => o.id.split('/')[0] === oldId);
    expect(reused).toBeDefined();
    const s = await until(
      'our old id to be answered',
      () => printer.jobState(ref),
      (st) => st.reasons[0] === 'job-id-reused',
    );
    expect(s.state).toBe('unknown');
    for (const o of others)
      await until(
        'the new jobs to complete',
        () => printer.jobState(o),
        (st) => st.state === 'completed',
      );
  });
});
