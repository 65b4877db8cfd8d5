/**
 * Serial card readers (RS-232, USB-serial, RS-485 adapters) through serialport, with the decoder of the
 * configured protocol (protocols/serial-protocols.ts lists them).
 *
 * Unplug detection does not rely on serialport alone: while the port is open the device path is
 * watched too (../serial-path-watch.ts explains the serialport bug behind it, bindings-cpp#162).
 * A 0-byte read is not turned into a disconnect at the binding boundary instead: the loop sits inside
 * the binding's own read(), so that would mean replacing it with a deep import of bindings-cpp's
 * unexported dist/unix-read.js, and #162 itself shows 0-byte reads from a port that is still there.
 */
import type { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { DeviceError } from '../errors.js';
import { DEFAULT_PATH_CHECK_MS, watchDevicePath, type StatPath } from '../serial-path-watch.js';
import type { Normalizer } from './normalize.js';
import type { SerialProtocol } from '../../kiosk-config/readers.js';
import type { Decoder } from './protocols/decoder.js';
import { createSerialDecoder, type SerialProtocolSettings } from './protocols/serial-protocols.js';
import { ReaderBase } from './reader-base.js';

export interface SerialSettings extends SerialProtocolSettings {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  protocol: SerialProtocol;
  /**
   * While open, how often (ms) to check that `path` still names the device that was opened (see the
   * module comment). Default 500 ms, off (0) on Windows, where COM ports are not files.
   */
  pathCheckMs?: number;
}

/** The part of serialport's SerialPort this driver uses (so tests can hand in serialport's SerialPortMock). */
export interface SerialPortLike extends EventEmitter {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err?: Error | null) => void): void;
}

export type OpenSerialPort = (
  settings: Required<Pick<SerialSettings, 'path' | 'baudRate' | 'dataBits' | 'stopBits' | 'parity'>>,
) => SerialPortLike;

const defaultPort: OpenSerialPort = (s) => new SerialPort({ ...s, autoOpen: false });

export type { StatPath } from '../serial-path-watch.js';

export class SerialCardReader extends ReaderBase {
  #port: SerialPortLike | null = null;
  #decoder: Decoder;
  #stopPathCheck: () => void = () => {};

  constructor(
    id: string,
    private readonly settings: SerialSettings,
    normalize?: Normalizer,
    private readonly openPort: OpenSerialPort = defaultPort,
    private readonly stat?: StatPath,
  ) {
    super(id, normalize);
    this.#decoder = createSerialDecoder(settings.protocol, settings);
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const s = this.settings;
    const port = this.openPort({
      path: s.path,
      baudRate: s.baudRate,
      dataBits: s.dataBits ?? 8,
      stopBits: s.stopBits ?? 1,
      parity: s.parity ?? 'none',
    });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => {
        if (!err) return resolve();
        const missing = /ENOENT|ENXIO|ENODEV|No such file|cannot open/i.test(err.message);
        reject(
          new DeviceError(
            missing
              ? `Serial reader ${this.id}: ${s.path} does not exist. Check that the reader is plugged in and that the path is right (see "estation reader list").`
              : `Serial reader ${this.id}: cannot open ${s.path} (${err.message}). If it says "permission denied", add the kiosk user to the "dialout" group.`,
            this.id,
            { disconnected: missing },
          ),
        );
      }),
    );
    this.#port = port;
    this.#decoder.reset();
    port.on('data', (chunk: Buffer) => {
      if (this.#port === port) this.deliver(this.#decoder.push(chunk));
    });
    const gone = (why: string) => {
      if (this.#port !== port) return;
      this.#port = null;
      this.#stopPathCheck();
      this.#decoder.reset();
      if (port.isOpen) port.close(() => {});
      this.markLost(`Serial reader ${this.id} on ${s.path} went away (${why}); waiting for it to come back.`);
    };
    port.on('close', (err?: Error & { disconnected?: boolean }) => gone(err?.message ?? 'port closed'));
    port.on('end', () => gone('end of stream'));
    port.on('error', (err: Error) => {
      if (this.#port === port) this.reportError(`Serial reader ${this.id}: ${err.message}`);
    });
    this.markConnected();
    this.#startPathCheck(port, gone);
  }

  /** Calls `gone` once the device path is missing or names another device than the one `port` opened. */
  #startPathCheck(port: SerialPortLike, gone: (why: string) => void): void {
    this.#stopPathCheck();
    this.#stopPathCheck = watchDevicePath(this.settings.path, {
      everyMs: this.settings.pathCheckMs ?? DEFAULT_PATH_CHECK_MS,
      ...(this.stat ? { stat: this.stat } : {}),
      onGone: (why) => {
        if (this.#port === port) gone(why);
      },
    });
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    this.#stopPathCheck();
    this.markClosed();
    this.#decoder.reset();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
