import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../drivers/printer/escpos/encode-receipt.js';
import { EscPosPrinter } from '../../../drivers/printer/escpos/escpos-printer.js';
import type { ReceiptLink } from '../../../drivers/printer/escpos/types.js';
import { PrinterError } from '../../../drivers/printer/types.js';
import { SAMPLE_RECEIPT } from './receipt-sample.js';

/** A link the test scripts: it records writes and answers DLE EOT n from `answers[n]`. */
class ScriptedLink implements ReceiptLink {
  writes: number[][] = [];
  pending: number[] = [];
  closed = false;
  failWrites = false;
  brokenBecause: string | null = null;
  constructor(private readonly answers: Record<number, number> | null) {
    if (!answers) delete (this as Partial<ReceiptLink>).read;
  }
  async write(bytes: Uint8Array): Promise<void> {
    if (this.failWrites) throw new PrinterError('cable pulled', 'test', { disconnected: true });
    this.writes.push([...bytes]);
    if (bytes[0] === 0x10 && bytes[1] === 0x04 && this.answers && bytes[2]! in this.answers)
      this.pending.push(this.answers[bytes[2]!]!);
  }
  read? = async (length: number): Promise<Uint8Array> => {
    if (this.pending.length < length) throw new PrinterError('no answer', 'test', { timeout: true });
    return Uint8Array.from(this.pending.splice(0, length));
  };
  async close(): Promise<void> {
    this.closed = true;
  }
}

function printerWith(links: ScriptedLink[]) {
  const opened: ScriptedLink[] = [];
  const p = new EscPosPrinter({
    id: 'receipt',
    timeoutMs: 500,
    openLink: async () => {
      const link = links.shift();
      if (!link) throw new PrinterError('no printer plugged in', 'receipt', { disconnected: true });
      opened.push(link);
      return link;
    },
  });
  return { p, opened };
}

describe('EscPosPrinter', () => {
  it('replaces a link that broke while idle, so the next receipt is not lost on it', async () => {
    const [first, second] = [new ScriptedLink(null), new ScriptedLink(null)];
    const { p, opened } = printerWith([first, second]);
    await p.print(SAMPLE_RECEIPT);
    first.brokenBecause = 'the device file is gone'; // the cable was out and back while nothing printed
    await p.print(SAMPLE_RECEIPT);
    expect(opened).toEqual([first, second]);
    expect(first.closed).toBe(true);
    expect(second.writes).toEqual([[...encodeReceipt(SAMPLE_RECEIPT)]]);
  });

  it('prints the encoded receipt in one write', async () => {
    const link = new ScriptedLink(null);
    const { p } = printerWith([link]);
    await p.print(SAMPLE_RECEIPT);
    expect(link.writes).toEqual([[...encodeReceipt(SAMPLE_RECEIPT)]]);
  });

  it('asks DLE EOT 1 to 4 on a two-way link and parses the answers', async () => {
    const link = new ScriptedLink({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e });
    const { p } = printerWith([link]);
    expect(await p.status()).toMatchObject({ known: true, online: true, paper: 'low' });
    expect(link.writes).toEqual([
      [0x10, 0x04, 1],
      [0x10, 0x04, 2],
      [0x10, 0x04, 3],
      [0x10, 0x04, 4],
    ]);
  });

  it('a one-way link gives an unknown status without writing anything', async () => {
    const link = new ScriptedLink(null);
    const { p } = printerWith([link]);
    expect(await p.status()).toMatchObject({ known: false, conditions: [] });
    expect(link.writes).toEqual([]);
  });

  it('a printer that does not answer is offline, and the link is reopened next time', async () => {
    const silent = new ScriptedLink({});
    const fine = new ScriptedLink({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 });
    const { p, opened } = printerWith([silent, fine]);
    expect(await p.status()).toMatchObject({ known: false, online: false, conditions: [{ keyword: 'offline' }] });
    expect(silent.closed).toBe(true);
    expect(await p.status()).toMatchObject({ known: true, online: true });
    expect(opened).toEqual([silent, fine]);
  });

  it('no printer at all: status offline, print rejects with the reason', async () => {
    const { p } = printerWith([]);
    expect((await p.status()).conditions[0]!.keyword).toBe('offline');
    await expect(p.print(SAMPLE_RECEIPT)).rejects.toThrow(/no printer plugged in/);
  });

  it('a failed print drops the link, is not retried, and the next print opens a new one', async () => {
    const broken = new ScriptedLink(null);
    broken.failWrites = true;
    const fresh = new ScriptedLink(null);
    const { p } = printerWith([broken, fresh]);
    await expect(p.print(SAMPLE_RECEIPT)).rejects.toMatchObject({ flags: { disconnected: true } });
    expect(broken.closed).toBe(true);
    expect(fresh.writes).toEqual([]);
    await p.print(SAMPLE_RECEIPT);
    expect(fresh.writes).toHaveLength(1);
  });

  it('status requests never interleave with a receipt', async () => {
    const link = new ScriptedLink({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 });
    const { p } = printerWith([link]);
    await Promise.all([p.print(SAMPLE_RECEIPT), p.status(), p.print(SAMPLE_RECEIPT)]);
    expect(link.writes.map((w) => (w.length > 3 ? 'receipt' : `eot${w[2]}`))).toEqual([
      'receipt',
      'eot1',
      'eot2',
      'eot3',
      'eot4',
      'receipt',
    ]);
  });

  it('close releases the link', async () => {
    const link = new ScriptedLink(null);
    const { p } = printerWith([link]);
    await p.print(SAMPLE_RECEIPT);
    await p.close();
    expect(link.closed).toBe(true);
  });
});
