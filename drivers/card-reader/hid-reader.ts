/**
 * HID keyboard-wedge card readers through node-hid. The reader is opened by vendor and product id, and
 * exclusively: on Linux with the libusb driver the kernel keyboard driver is detached, so the digits
 * never reach the kiosk UI as keystrokes. Reports are decoded by protocols/hid-keyboard.ts; a card that
 * is not finished with Enter within charTimeoutMs of the last key is dropped as garbage.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { DeviceError } from '../errors.js';
import type { Normalizer } from './normalize.js';
import { createKeyboardDecoder } from './protocols/hid-keyboard.js';
import { ReaderBase } from './reader-base.js';

/** The node-hid device info this driver reads (node-hid's `Device`). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** The part of node-hid's `HID.HID` this driver uses: an EventEmitter of `data` (Buffer) and `error`. */
export interface HidDeviceLike extends EventEmitter {
  close(): void;
}

/** The part of the node-hid module this driver uses; tests pass a fake with the same shape. */
export interface HidApi {
  HID: new (path: string, options?: { nonExclusive?: boolean }) => HidDeviceLike;
  devices(): HidDeviceInfo[];
  setDriverType?(type: 'hidraw' | 'libusb'): void;
}

/** node-hid, loaded on first use so that importing this module never loads the native addon. */
export function nodeHid(): HidApi {
  const mod: HidApi = createRequire(import.meta.url)('node-hid') as typeof import('node-hid');
  return mod;
}

export interface HidSettings {
  vendorId: number;
  productId: number;
  charTimeoutMs: number;
  hidDriver?: 'libusb' | 'hidraw';
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

/** Prefers the keyboard collection (usage page 1, usage 6) when the reader exposes several. */
export function pickKeyboard(
  devices: readonly HidDeviceInfo[],
  vendorId: number,
  productId: number,
): HidDeviceInfo | undefined {
  const mine = devices.filter((d) => d.vendorId === vendorId && d.productId === productId && d.path);
  return mine.find((d) => d.usagePage === 1 && d.usage === 6) ?? mine[0];
}

let driverTypeSet = false;

export class HidCardReader extends ReaderBase {
  #device: HidDeviceLike | null = null;
  #decoder = createKeyboardDecoder();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    id: string,
    private readonly settings: HidSettings,
    normalize?: Normalizer,
    private readonly hid: () => HidApi = nodeHid,
  ) {
    super(id, normalize);
  }

  get label(): string {
    return `HID reader ${this.id} (${hex4(this.settings.vendorId)}:${hex4(this.settings.productId)})`;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const api = this.hid();
    // The driver type is process-wide in node-hid and must be chosen before the first device is opened.
    if (!driverTypeSet && process.platform === 'linux' && api.setDriverType) {
      api.setDriverType(this.settings.hidDriver ?? 'libusb');
      driverTypeSet = true;
    }
    const info = pickKeyboard(api.devices(), this.settings.vendorId, this.settings.productId);
    if (!info?.path) {
      throw new DeviceError(
        `${this.label} is not plugged in. Plug it in, or check vendorId/productId with "estation reader list".`,
        this.id,
        { disconnected: true },
      );
    }
    let device: HidDeviceLike;
    try {
      device = new api.HID(info.path, { nonExclusive: false });
    } catch (err) {
      throw new DeviceError(
        `${this.label}: cannot open ${info.path} (${(err as Error).message}). On Linux, install a udev rule that gives the kiosk user access to this vendor/product id (see docs/readers.md).`,
        this.id,
      );
    }
    this.#device = device;
    this.#decoder.reset();
    device.on('data', (report: Buffer) => {
      if (this.#device !== device) return;
      this.deliver(this.#decoder.push(report));
      this.#armTimeout();
    });
    device.on('error', (err: Error) => {
      if (this.#device !== device) return;
      this.#release();
      this.markLost(`${this.label} went away (${err.message}); waiting for it to come back.`);
    });
    this.markConnected();
  }

  /** A half-typed card (no Enter) is dropped once no key came for charTimeoutMs. */
  #armTimeout(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#decoder.pending) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.deliver(this.#decoder.reset());
    }, this.settings.charTimeoutMs);
    this.#timer.unref();
  }

  #release(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#decoder.reset();
    const device = this.#device;
    this.#device = null;
    try {
      device?.close();
    } catch {
      // Closing a device that was unplugged may fail; it is gone either way.
    }
  }

  async close(): Promise<void> {
    this.markClosed();
    this.#release();
  }
}
