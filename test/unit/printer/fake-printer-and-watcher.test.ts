import { describe, expect, it } from 'vitest';
import { FakePrinter } from '../../../drivers/printer/fake-printer.js';
import { createPrinter, FilePrinter, IppPrinter } from '../../../drivers/printer/index.js';
import { watchPrinterStatus } from '../../../drivers/printer/status-watcher.js';
import { isReady, PrinterError, type PrinterStatus } from '../../../drivers/printer/types.js';
import { DocumentPrinterConfig } from '../../../kiosk-config/printers.js';

const PDF = Uint8Array.from([1, 2, 3]);

describe('FakePrinter', () => {
  it('holds jobs where the test puts them', async () => {
    const p = new FakePrinter();
    const ref = await p.submit(PDF, { copies: 2, jobName: 'job-1' });
    expect(await p.jobState(ref)).toEqual({ state: 'pending', reasons: [] });
    p.setJobState(ref.id, { state: 'aborted', reasons: ['media-jam'] });
    expect(await p.jobState(ref)).toEqual({ state: 'aborted', reasons: ['media-jam'] });
    expect(await p.findJob('job-1')).toEqual(ref);
    expect(p.jobs[0]).toMatchObject({ name: 'job-1', copies: 2, bytes: 3 });
  });

  it('fails a submit once in the way the test asks', async () => {
    const p = new FakePrinter();
    p.nextSubmitError = new PrinterError('refused', 'fake', { notAccepting: true });
    await expect(p.submit(PDF, { copies: 1, jobName: 'a' })).rejects.toMatchObject({ flags: { notAccepting: true } });
    await expect(p.submit(PDF, { copies: 1, jobName: 'a' })).resolves.toBeDefined();
  });

  it('a vanished printer: status offline, jobs unknown, lookups refused', async () => {
    const p = new FakePrinter();
    const ref = await p.submit(PDF, { copies: 1, jobName: 'a' });
    p.vanished = true;
    expect(isReady(await p.status())).toBe(false);
    expect((await p.jobState(ref)).state).toBe('unknown');
    await expect(p.findJob('a')).rejects.toBeInstanceOf(PrinterError);
  });
});

describe('watchPrinterStatus', () => {
  it('reports the first status and then only changes', async () => {
    const p = new FakePrinter();
    const seen: PrinterStatus[] = [];
    const watch = watchPrinterStatus(p, 10, (s) => seen.push(s));
    try {
      await waitFor(() => seen.length === 1);
      await watch.refresh();
      await watch.refresh();
      expect(seen).toHaveLength(1);
      p.printerStatus = {
        ...p.printerStatus,
        conditions: [{ keyword: 'media-empty', severity: 'error', message: { zh: '缺纸', en: 'Out of paper' } }],
      };
      await waitFor(() => seen.length === 2);
      expect(isReady(seen[1]!)).toBe(false);
      expect(watch.current).toEqual(seen[1]);
    } finally {
      watch.stop();
    }
  });

  it('stops asking after stop()', async () => {
    const p = new FakePrinter();
    let asked = 0;
    const status = p.status.bind(p);
    p.status = () => (asked++, status());
    const watch = watchPrinterStatus(p, 5, () => {});
    await waitFor(() => asked >= 2);
    watch.stop();
    const at = asked;
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toBeLessThanOrEqual(at + 1); // at most the request already in flight
  });
});

describe('createPrinter', () => {
  it('builds the file printer and the IPP printer from the configuration', () => {
    expect(createPrinter(DocumentPrinterConfig.parse({ type: 'file', dir: '/tmp/x' }))).toBeInstanceOf(FilePrinter);
    const ipp = createPrinter(
      DocumentPrinterConfig.parse({ type: 'ipp', uri: 'ipp://127.0.0.1:631/printers/office', id: 'hall-printer' }),
    );
    expect(ipp).toBeInstanceOf(IppPrinter);
    expect(ipp.id).toBe('hall-printer');
  });

  it('the IPP configuration has defaults and refuses what is not a printer URI', () => {
    expect(DocumentPrinterConfig.parse({ type: 'ipp', uri: 'ipps://printer.local/ipp/print' })).toEqual({
      type: 'ipp',
      uri: 'ipps://printer.local/ipp/print',
      timeoutMs: 10_000,
      user: 'estation',
    });
    expect(DocumentPrinterConfig.safeParse({ type: 'ipp', uri: 'file:///tmp/x' }).success).toBe(false);
    expect(DocumentPrinterConfig.safeParse({ type: 'ipp', uri: 'ipp://h/printers/q', timeout: 5 }).success).toBe(false);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
