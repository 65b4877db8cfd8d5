/**
 * A two-way ESC/POS link over a serial line (RS-232, or a USB-serial adapter) through `serialport`.
 *
 * A link that broke (a port error, or its device path gone: ../../serial-path-watch.ts) closes its
 * port at once, which also ends serialport's busy read loop on a vanished device, and every later
 * write fails with a `disconnected` PrinterError; the printer then opens a new link.
 */
import type { EventEmitter } from 'node:events';
import { watchDevicePath, type StatPath } from '../../serial-path-watch.js';
import { PrinterError } from '../types.js';
import type { ReceiptLink } from './types.js';

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  /** Printer id used in error messages. */
  id?: string;
  /** Interval of the device path check (default twice a second; 0: off). */
  pathCheckMs?: number;
  stat?: StatPath;
}

/** The part of a serialport SerialPort the link uses (serialport's SerialPortMock fits it too). */
export interface SerialLinkPort extends EventEmitter {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): unknown;
  drain(callback: (err: Error | null) => void): void;
  close(callback?: (err?: Error | null) => void): void;
}

export class SerialLink implements ReceiptLink {
  private received: number[] = [];
  private waiter: (() => void) | null = null;
  private broken: string | null = null;
  private readonly stopWatch: () => void;

  private constructor(
    private readonly port: SerialLinkPort,
    private readonly id: string,
    o: SerialLinkOptions,
  ) {
    port.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.waiter?.();
    });
    // Without a listener a port error would be an uncaught exception: the whole kiosk would stop.
    port.on('error', (err: Error) => this.break(err.message));
    port.on('close', () => this.break('the port closed'));
    this.stopWatch = watchDevicePath(o.path, {
      ...(o.pathCheckMs !== undefined ? { everyMs: o.pathCheckMs } : {}),
      ...(o.stat ? { stat: o.stat } : {}),
      onGone: (why) => this.break(why),
    });
  }

  static async open(o: SerialLinkOptions, openPort?: (o: SerialLinkOptions) => SerialLinkPort): Promise<SerialLink> {
    const id = o.id ?? o.path;
    // Loaded on first use, so that a kiosk without a serial receipt printer never loads the native module.
    const port = openPort
      ? openPort(o)
      : new (await import('serialport')).SerialPort({ path: o.path, baudRate: o.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err
          ? reject(
              new PrinterError(
                `Cannot open the receipt printer port ${o.path}: ${err.message}. Check the cable and the port name.`,
                id,
                { disconnected: true },
              ),
            )
          : resolve(),
      ),
    );
    return new SerialLink(port, id, o);
  }

  /** Why the link broke, or null while it works. */
  get brokenBecause(): string | null {
    return this.broken;
  }

  private break(why: string): void {
    if (this.broken) return;
    this.broken = why;
    this.stopWatch();
    if (this.port.isOpen) this.port.close(() => {});
    this.waiter?.(); // a read waiting for an answer fails now, not at its timeout
  }

  private disconnected(): PrinterError {
    return new PrinterError(
      `The receipt printer's cable was disconnected (${this.broken}). Check the cable.`,
      this.id,
      { disconnected: true },
    );
  }

  /** Writes and waits until the bytes left the computer. Earlier unread input is dropped: answers follow requests. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.broken) throw this.disconnected();
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
      if (this.broken) throw this.disconnected();
      if (left <= 0)
        throw new PrinterError(`The receipt printer did not answer within ${timeoutMs} ms.`, this.id, {
          timeout: true,
        });
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
    this.broken ??= 'closed';
    this.stopWatch();
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, id: string, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.catch((err: Error) => {
        throw new PrinterError(`Cannot ${what} the receipt printer: ${err.message}. Check the cable.`, id, {
          disconnected: true,
        });
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new PrinterError(
                `Could not ${what} the receipt printer within ${ms} ms; is it on and is the cable in?`,
                id,
                { timeout: true },
              ),
            ),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
