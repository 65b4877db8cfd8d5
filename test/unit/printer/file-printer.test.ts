/**
 * The file printer writes each document durably: the PDF and then the print folder are fsynced, so a
 * document the queue recorded as printed is still there after a power cut; a failed write leaves
 * nothing behind and reports the printer as disconnected.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilePrinter } from '../../../drivers/printer/file-printer.js';
import { watchedFs } from '../storage/watched-fs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-fileprinter-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file printer', () => {
  it('fsyncs the document, then the print folder, and keeps a second copy of a job visible', async () => {
    const { fs, synced } = watchedFs();
    const printer = new FilePrinter(dir, 'file', fs);
    const pdf = new TextEncoder().encode('%PDF-1.7 test');
    expect(await printer.submit(pdf, { copies: 1, jobName: 'job-1' })).toEqual({ printer: 'file', id: 'job-1.pdf' });
    expect(readFileSync(join(dir, 'job-1.pdf'), 'utf8')).toBe('%PDF-1.7 test');
    expect(synced[0]).toMatch(/\/\.job-1\.pdf\.[0-9a-f]+\.tmp$/);
    if (process.platform !== 'win32') expect(synced.slice(1)).toEqual([dir]);
    expect((await printer.submit(pdf, { copies: 2, jobName: 'job-1' })).id).toBe('job-1.x2.pdf');
    expect((await printer.submit(pdf, { copies: 1, jobName: 'job-1' })).id).toBe('job-1-2.pdf');
    expect(readdirSync(dir).sort()).toEqual(['job-1-2.pdf', 'job-1.pdf', 'job-1.x2.pdf']);
  });

  it('leaves no file when the write cannot be made durable, and says the print folder is the problem', async () => {
    const printer = new FilePrinter(dir, 'file', watchedFs({ failFsync: true }).fs);
    await expect(printer.submit(new Uint8Array([1]), { copies: 1, jobName: 'job-2' })).rejects.toMatchObject({
      message: expect.stringMatching(/Cannot write to the print folder.*EIO/),
      flags: { disconnected: true },
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(await printer.findJob('job-2')).toBeNull();
  });

  it('a document written before the folder sync failed counts as maybe printed (timeout), never as not printed', async () => {
    const eio = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    const failFolder = (path: string) => {
      if (path === dir) throw eio;
    };
    const printer = new FilePrinter(dir, 'file', watchedFs({ onFsync: failFolder }).fs);
    await expect(printer.submit(new Uint8Array([1]), { copies: 1, jobName: 'job-3' })).rejects.toMatchObject({
      message: expect.stringMatching(/could not be synced after writing job-3\.pdf/),
      flags: { timeout: true },
    });
    expect(await printer.findJob('job-3')).toEqual({ printer: 'file', id: 'job-3.pdf' });
  });
});
