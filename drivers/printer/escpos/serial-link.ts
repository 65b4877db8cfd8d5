/**
 * A two-way ESC/POS link over a serial line (RS-232, or a USB-serial adapter) through `serialport`.
 */
import type { SerialPort } from 'serialport';
import { PrinterError } from '../types.js';
import type { ReceiptLink } from './types.js';

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  /** Printer id used in error messages. */
  id?: string;
}

export class SerialLink implements ReceiptLink {
  private received: number[] = [];
  private waiter: (() => void) | null = null;

  private constructor(
    private readonly port: SerialPort,
    private readonly id: string,
  ) {
    port.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.waiter?.();
    });
  }

  static async open(o: SerialLinkOptions): Promise<SerialLink> {
    const id = o.id ?? o.path;
    // Loaded on first use, so that a kiosk without a serial receipt printer never loads the native module.
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path: o.path, baudRate: o.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err ? reject(new PrinterError(`Cannot open the receipt printer port ${o.path}: ${err.message}. Check the cable and the port name.`, id, { disconnected: true })) : resolve(),
      ),
    );
    return new SerialLink(port, id);
  }

  /** Writes and waits until the bytes left the computer. Earlier unread input is dropped: answers follow requests. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    this.received = [];
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        this.port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(err);
          this.port.drain((e) => (e ? reject(e) : resolve()));
        });
      }),
      timeoutMs,
      this.id,
      'write to',
    );
  }

  async read(length: number, timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new PrinterError(`The receipt printer did not answer within ${timeoutMs} ms.`, this.id, { timeout: true });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = null;
    }
    return Uint8Array.from(this.received.splice(0, length));
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, id: string, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.catch((err: Error) => {
        throw new PrinterError(`Cannot ${what} the receipt printer: ${err.message}. Check the cable.`, id, { disconnected: true });
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PrinterError(`Could not ${what} the receipt printer within ${ms} ms; is it on and is the cable in?`, id, { timeout: true })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
