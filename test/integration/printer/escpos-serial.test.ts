/**
 * The ESC/POS receipt printer over a real serial line: a socat pseudo-terminal pair, with the test
 * playing the printer on the other end (it reads the receipt bytes and answers DLE EOT).
 */
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/index.js';
import { createReceiptPrinter } from '../../../drivers/printer/escpos/create-receipt-printer.js';
import { encodeReceipt } from '../../../drivers/printer/escpos/encode-receipt.js';
import type { ReceiptPrinter } from '../../../drivers/printer/escpos/types.js';
import { ReceiptPrinterConfig } from '../../../kiosk-config/printers.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';
import { SAMPLE_RECEIPT } from '../../unit/printer/receipt-sample.js';

/** The printer end: collects what the kiosk sends and answers DLE EOT n with `answers[n]` if set. */
class SimulatedPrinter {
  received: number[] = [];
  answers: Record<number, number> = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
  private port: SerialPort | null = null;

  async open(path: string): Promise<void> {
    const port = new SerialPort({ path, baudRate: 19200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (chunk: Buffer) => {
      for (const b of chunk) {
        this.received.push(b);
        const n = this.received.length;
        if (n >= 3 && this.received[n - 3] === 0x10 && this.received[n - 2] === 0x04 && b in this.answers)
          port.write(Buffer.from([this.answers[b]!]));
      }
    });
    port.on('error', () => {}); // the pty vanishes on unplug
    this.port = port;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }
}

let pty: PtyPair;
let sim: SimulatedPrinter;
let printer: ReceiptPrinter;

beforeAll(async () => {
  pty = await createPtyPair();
  sim = new SimulatedPrinter();
  await sim.open(pty.a);
  printer = createReceiptPrinter(ReceiptPrinterConfig.parse({ type: 'escpos-serial', path: pty.b, timeoutMs: 2000 }))!;
});

afterAll(async () => {
  await printer?.close();
  await sim?.close();
  await pty?.close();
});

describe('ESC/POS receipt printer on a serial line', () => {
  it('sends the receipt bytes exactly', async () => {
    sim.received = [];
    await printer.print(SAMPLE_RECEIPT);
    const expected = [...encodeReceipt(SAMPLE_RECEIPT)];
    await waitFor(() => sim.received.length >= expected.length, 'the receipt to arrive');
    expect(sim.received).toEqual(expected);
  });

  it('reads the status with DLE EOT: all clear', async () => {
    expect(await printer.status()).toEqual({
      known: true,
      online: true,
      paper: 'ok',
      coverOpen: false,
      conditions: [],
    });
  });

  it('reads the status with DLE EOT: paper out and cover open', async () => {
    sim.answers = { 1: 0x1a, 2: 0x36, 3: 0x12, 4: 0x72 };
    const s = await printer.status();
    expect(s).toMatchObject({ known: true, online: false, paper: 'out', coverOpen: true });
    expect(s.conditions.map((c) => c.keyword)).toEqual(['media-empty', 'cover-open']);
    sim.answers = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
  });

  it('a printer that does not answer is offline, not guessed ready', async () => {
    sim.answers = {};
    const s = await printer.status();
    expect(s).toMatchObject({ known: false, online: false, conditions: [{ keyword: 'offline', severity: 'error' }] });
    sim.answers = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
  });

  it('a cable pulled out: print fails clearly; plugged back, printing works again without a restart', async () => {
    await sim.close();
    await pty.unplug();
    const err = await printer.print(SAMPLE_RECEIPT).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/receipt printer/);
    expect((await printer.status()).conditions[0]!.keyword).toBe('offline');

    await pty.replug();
    await sim.open(pty.a);
    sim.received = [];
    await printer.print(SAMPLE_RECEIPT);
    await waitFor(() => sim.received.length >= encodeReceipt(SAMPLE_RECEIPT).length, 'the receipt after replug');
    expect(await printer.status()).toMatchObject({ known: true, online: true });
  });

  it('estation printer receipt prints a test receipt on the line and reports the status', async () => {
    await printer.close(); // the port is opened exclusively
    sim.received = [];
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    let code: number;
    try {
      code = await main(['printer', 'receipt', '--serial', pty.b, '--columns', '42']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      printed: true,
      printer: `serial:${pty.b}`,
      status: { known: true, online: true },
    });
    expect(new TextDecoder('gbk').decode(Uint8Array.from(sim.received))).toContain('测试文档 Test document');
  });

  it('a port that does not exist: a clear error naming it', async () => {
    const missing = createReceiptPrinter({
      type: 'escpos-serial',
      path: '/dev/does-not-exist-estation',
      baudRate: 19200,
      columns: 32,
      timeoutMs: 500,
    })!;
    await expect(missing.print(SAMPLE_RECEIPT)).rejects.toThrow(
      /Cannot open the receipt printer port \/dev\/does-not-exist-estation/,
    );
    expect((await missing.status()).conditions[0]!.keyword).toBe('offline');
    await missing.close();
  });
});
