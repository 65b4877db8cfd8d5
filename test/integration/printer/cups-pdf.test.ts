/**
 * A cups-pdf queue on the private cupsd: the real cups-pdf backend turns the job into a PDF file.
 * cups-pdf reads only its global configuration, so the output lands in its ANONYMOUS folder (the test
 * submits as a user the machine does not have) and is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { IppPrinter } from '../../../drivers/printer/ipp-printer.js';
import { cupsPdfOutputs, startCupsd, type Cupsd } from '../../helpers/cupsd.js';
import { until } from './wait.js';

let cups: Cupsd;
const jobName = `estation-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  cups = await startCupsd();
}, 120_000);

afterAll(async () => {
  await cups?.dispose();
  for (const f of cupsPdfOutputs(jobName)) await rm(f, { force: true });
});

describe('cups-pdf queue', { timeout: 120_000 }, () => {
  it('prints a PDF through cups-pdf and tracks it to completed; the PDF is written', async () => {
    const q = await cups.addQueue('cupspdf', { cupsPdf: true });
    const printer = new IppPrinter({ uri: q.uri, user: `estation-nobody-${randomBytes(3).toString('hex')}` });
    const doc = await PDFDocument.create();
    doc.addPage().drawText('E-station via cups-pdf', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const ref = await printer.submit(await doc.save(), { copies: 1, jobName });
    const final = await until(
      'the job to end',
      () => printer.jobState(ref),
      (s) => s.state !== 'pending' && s.state !== 'processing',
    );
    expect(final.state).toBe('completed');
    const files = await until(
      'cups-pdf to write its file',
      async () => cupsPdfOutputs(jobName),
      (f) => f.length > 0,
    );
    expect(files).toHaveLength(1);
    expect((await readFile(files[0]!)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
