/**
 * `estation printer` against a private cupsd: status as JSON, print with --wait and its exit code.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/index.js';
import { startCupsd, type Cupsd } from '../../helpers/cupsd.js';

const run = promisify(execFile);
let cups: Cupsd;
let dir: string;
let pdfFile: string;
let office: string;

beforeAll(async () => {
  cups = await startCupsd();
  office = (await cups.addQueue('office')).uri;
  dir = await mkdtemp(join(tmpdir(), 'estation-printer-cli-'));
  const doc = await PDFDocument.create();
  doc.addPage();
  pdfFile = join(dir, 'doc.pdf');
  await writeFile(pdfFile, await doc.save());
}, 120_000);

afterAll(async () => {
  await cups?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `estation printer ...` in this process and returns its exit code and output. */
async function estation(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(['printer', ...argv]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** The JSON documents in the output (each pretty-printed). */
const docs = (out: string) => out.split(/\n(?=\{)/).map((s) => JSON.parse(s) as Record<string, unknown>);

describe('estation printer', { timeout: 120_000 }, () => {
  it('status prints the status as JSON, exit 0 when ready', async () => {
    const r = await estation('status', '--uri', office);
    expect(r.code).toBe(0);
    expect(docs(r.out)[0]).toMatchObject({
      uri: office,
      ready: true,
      state: 'idle',
      acceptingJobs: true,
      conditions: [],
    });
  });

  it('status of a rejecting queue: exit 1 and the condition in the JSON', async () => {
    const q = await cups.addQueue('closed');
    await cups.admin('cupsreject', '-r', 'Maintenance', 'closed');
    const r = await estation('status', '--uri', q.uri);
    expect(r.code).toBe(1);
    expect(docs(r.out)[0]).toMatchObject({
      ready: false,
      acceptingJobs: false,
      conditions: [{ keyword: 'not-accepting-jobs' }],
    });
  });

  it('print --wait follows the job to completed and exits 0', async () => {
    const r = await estation(
      'print',
      '--uri',
      office,
      pdfFile,
      '--copies',
      '2',
      '--wait',
      '--name',
      'cli-job-1',
      '--poll',
      '100',
    );
    expect(r.code).toBe(0);
    const [submitted, final] = docs(r.out);
    expect(submitted).toMatchObject({ submitted: true, jobName: 'cli-job-1', copies: 2 });
    expect(final).toMatchObject({ state: 'completed' });
  });

  it('print --wait exits non-zero when the job is aborted, with the reason', async () => {
    const q = await cups.addQueue('broken', { fail: true, errorPolicy: 'abort-job' });
    const r = await estation('print', '--uri', q.uri, pdfFile, '--wait', '--poll', '100');
    expect(r.code).toBe(1);
    expect(docs(r.out)[1]).toMatchObject({ state: 'aborted', reasons: ['E-station test backend was told to fail'] });
  });

  it('print --wait says once on stderr that the print server stopped the job, and ends when it is cancelled', async () => {
    const q = await cups.addQueue('stopped', { fileDevice: true });
    await rm(q.outputPath, { force: true });
    await mkdir(q.outputPath); // an output no cupsd can open: the job is stopped, not failed
    let err = '';
    let out = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
    try {
      const done = main([
        'printer',
        'print',
        '--uri',
        q.uri,
        pdfFile,
        '--wait',
        '--name',
        'cli-stopped',
        '--poll',
        '100',
      ]);
      await vi.waitFor(() => expect(err).toMatch(/stopped job \d+\/cli-stopped \(processing-stopped/), {
        timeout: 30_000,
        interval: 100,
      });
      const jobId = String(docs(out)[0]!.job).split('/')[0]!;
      await cups.admin('cancel', jobId);
      expect(await done).toBe(1);
      expect(docs(out)[1]).toMatchObject({ state: 'canceled' });
      expect(err.match(/stopped job/g)).toHaveLength(1);
      expect(err).toMatch(/error log says why/);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  });

  it('print to a disabled queue exits 1 with a clear error and nothing submitted', async () => {
    const q = await cups.addQueue('paused');
    await cups.admin('cupsdisable', 'paused');
    const r = await estation('print', '--uri', q.uri, pdfFile, '--wait');
    expect(r.code).toBe(1);
    expect(docs(r.out)[0]).toMatchObject({ submitted: false, notAccepting: true });
    expect(String(docs(r.out)[0]!.error)).toMatch(/paused/);
  });

  it('usage mistakes exit 2 with one line', async () => {
    expect((await estation('print', '--uri', office)).code).toBe(2);
    expect((await estation('print', '--uri', 'not-a-uri', pdfFile)).err).toMatch(/not an IPP printer URI/);
    expect((await estation('print', '--uri', office, join(dir, 'missing.pdf'))).err).toMatch(/cannot read/);
    expect((await estation('print', '--uri', office, pdfFile, '--copies', '0')).code).toBe(2);
    const notPdf = join(dir, 'x.txt');
    await writeFile(notPdf, 'hello');
    expect((await estation('print', '--uri', office, notPdf)).err).toMatch(/not a PDF/);
    expect((await estation('status')).err).toMatch(/--uri is required/);
    expect((await estation('frobnicate')).code).toBe(2);
  });

  it('works from the real command line (bin/estation)', async () => {
    const { stdout } = await run(process.execPath, ['bin/estation', 'printer', 'status', '--uri', office], {
      cwd: join(import.meta.dirname, '../../..'),
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ ready: true });
  });
});
