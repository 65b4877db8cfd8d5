/**
 * The private cupsd harness itself: isolated servers side by side, and nothing left behind.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { IppPrinter } from '../../../drivers/printer/ipp-printer.js';
import { startCupsd, type Queue } from '../../helpers/cupsd.js';
import { portOpen } from '../../helpers/private-daemon.js';
import { until } from './wait.js';

/** A one-page PDF whose text is `words` repeated `times` times (so two jobs differ in size). */
async function pdfOf(words: string, times: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  for (let i = 0; i < times; i++) page.drawText(words, { x: 20, y: 800 - (i % 70) * 11, size: 9, font });
  return doc.save();
}

/**
 * The output is one whole PostScript job: the filter ends each job with one end-of-transmission byte
 * (Ctrl-D), so exactly one, as the last byte, means no tail of an earlier, longer job follows it.
 */
const endsOnce = (ps: string) => ps.indexOf('\x04') === ps.length - 1;

/** Prints one job to the queue and returns what its output file holds afterwards. */
async function printAndRead(q: Queue, pdf: Uint8Array, jobName: string): Promise<string> {
  const printer = new IppPrinter({ uri: q.uri, timeoutMs: 10_000 });
  const ref = await printer.submit(pdf, { copies: 1, jobName });
  const end = await until(
    `${jobName} to end`,
    () => printer.jobState(ref),
    (s) => !['pending', 'processing'].includes(s.state),
  );
  expect(end.state).toBe('completed');
  return (await readFile(q.outputPath)).toString('latin1');
}

describe('private cupsd harness', { timeout: 120_000 }, () => {
  it('runs two servers side by side with their own port, folder and queues, and removes them on dispose', async () => {
    const [one, two] = await Promise.all([startCupsd(), startCupsd()]);
    try {
      expect(one.port).not.toBe(two.port);
      expect(one.port).not.toBe(631);
      expect(one.dir).not.toBe(two.dir);
      await one.addQueue('only-on-one');
      await two.addQueue('only-on-two');
      const [onOne, onTwo] = [await one.admin('lpstat', '-p'), await two.admin('lpstat', '-p')];
      expect(onOne).toContain('only-on-one');
      expect(onOne).not.toContain('only-on-two');
      expect(onTwo).toContain('only-on-two');
      expect(onTwo).not.toContain('only-on-one');
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
    for (const s of [one, two]) {
      expect(existsSync(s.dir)).toBe(false);
      expect(await portOpen(s.port)).toBe(false);
    }
  });

  it('stop and start keep the port and the queues', async () => {
    const cups = await startCupsd();
    try {
      await cups.addQueue('kept');
      await cups.stop();
      expect(await portOpen(cups.port)).toBe(false);
      await cups.start();
      expect(await cups.admin('lpstat', '-p')).toContain('kept');
    } finally {
      await cups.dispose();
    }
  });

  it('a queue holds exactly the latest job in its output, a shorter job after a longer one included', async () => {
    const cups = await startCupsd();
    try {
      const q = await cups.addQueue('office');
      const long = await printAndRead(q, await pdfOf('first job, the long one', 200), 'first-long');
      const short = await printAndRead(q, await pdfOf('second', 1), 'second-short');
      expect(long).toMatch(/%%Title: \(first-long\)/);
      expect(short).toMatch(/%%Title: \(second-short\)/);
      expect(short).not.toMatch(/first-long/);
      expect(short.length).toBeLessThan(long.length);
      expect(endsOnce(short)).toBe(true);
    } finally {
      await cups.dispose();
    }
  });

  it('a file: device queue prints into its pre-created output, on the CUPS that no longer creates it and on the older one', async () => {
    const cups = await startCupsd();
    try {
      const q = await cups.addQueue('filedev', { fileDevice: true });
      expect(await printAndRead(q, await pdfOf('long', 200), 'file-long')).toMatch(/%%Title: \(file-long\)/);
      await q.resetOutput(); // the newer cupsd overwrites in place without truncating
      const short = await printAndRead(q, await pdfOf('short', 1), 'file-short');
      expect(short).toMatch(/%%Title: \(file-short\)/);
      expect(short).not.toMatch(/file-long/);
      expect(endsOnce(short)).toBe(true);
    } finally {
      await cups.dispose();
    }
  });

  it('a job that cupsd stops fails the wait with the last error lines of its log, not just "timed out"', async () => {
    const cups = await startCupsd();
    try {
      const q = await cups.addQueue('unopenable', { fileDevice: true });
      // An output path that no cupsd can open for writing (every version refuses a folder).
      await rm(q.outputPath, { force: true });
      await mkdir(q.outputPath);
      const printer = new IppPrinter({ uri: q.uri, timeoutMs: 10_000 });
      const ref = await printer.submit(await pdfOf('never printed', 1), { copies: 1, jobName: 'stopped-job' });
      const err = await until(
        'the stopped job to complete',
        () => printer.jobState(ref),
        (s) => s.state === 'completed',
        3_000,
      ).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(/timed out waiting for the stopped job to complete/);
      expect(err?.message).toMatch(/processing-stopped/);
      expect(err?.message).toContain(`private cupsd on port ${cups.port}`);
      expect(err?.message).toMatch(/could not open the output file/);
    } finally {
      await cups.dispose();
    }
  });
});
