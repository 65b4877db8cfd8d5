/**
 * USB CCID (PC/SC class) card readers such as the ACR122U, through `usb` (version 2, classic API).
 * Every pollMs the reader powers the card slot (PC_to_RDR_IccPowerOn) and, when a card answers, asks
 * for its UID with the APDU FF CA 00 00 00 in a PC_to_RDR_XfrBlock. A card is reported once per
 * placement: it must leave the field (or another card must come) before the same UID is reported again.
 *
 * pcscd, when running, claims CCID readers itself; stop it (systemctl disable --now pcscd.socket) on kiosks
 * that use this driver.
 */
import { createRequire } from 'node:module';
import { DeviceError } from '../errors.js';
import type { Normalizer } from './normalize.js';
import {
  CCID_CLASS,
  GET_UID_APDU,
  iccPowerOn,
  parseReply,
  parseUidResponse,
  xfrBlock,
  type CcidReply,
} from './protocols/ccid.js';
import { ReaderBase } from './reader-base.js';

const BULK = 2;
/** libusb error numbers that mean the device is gone. */
const LIBUSB_ERROR_IO = -1;
const LIBUSB_ERROR_NO_DEVICE = -4;
const REPLY_MAX = 10 + 261 + 64;

type UsbError = Error & { errno?: number };

/**
 * The parts of `usb`'s Endpoint, InEndpoint, OutEndpoint, Interface and Device this driver uses (same
 * names, same callbacks). As with `usb` itself, an endpoint is an InEndpoint or OutEndpoint by `direction`.
 */
export interface UsbEndpointLike {
  direction: 'in' | 'out';
  transferType: number;
  timeout: number;
}
export interface UsbInEndpointLike extends UsbEndpointLike {
  transfer(length: number, callback: (error: UsbError | undefined, data?: Buffer) => void): unknown;
}
export interface UsbOutEndpointLike extends UsbEndpointLike {
  transfer(buffer: Buffer, callback?: (error: UsbError | undefined, actual: number) => void): unknown;
}
export interface UsbInterfaceLike {
  descriptor: { bInterfaceClass: number };
  endpoints: UsbEndpointLike[];
  claim(): void;
  release(callback?: (error?: UsbError) => void): void;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
}
export interface UsbDeviceLike {
  deviceDescriptor: { idVendor: number; idProduct: number };
  busNumber?: number;
  deviceAddress?: number;
  configDescriptor?: { interfaces: { bInterfaceClass: number }[][] } | undefined;
  interfaces?: UsbInterfaceLike[] | undefined;
  open(defaultConfig?: boolean): void;
  close(): void;
}
/** The hot-plug emitter (`usb.usb`): 'attach' / 'detach' with the device. */
export interface UsbEvents {
  on(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
  off(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
}
/** `getDeviceList` and the hot-plug emitter (null where there is none). */
export interface UsbApi {
  getDeviceList(): UsbDeviceLike[];
  events: UsbEvents | null;
}

/** The `usb` package, loaded on first use so that importing this module never loads the native addon. */
export function nodeUsb(): UsbApi {
  const mod = createRequire(import.meta.url)('usb') as typeof import('usb');
  // Hot-plug listeners must not keep a process alive that is otherwise done.
  mod.usb.unrefHotplugEvents();
  return { getDeviceList: () => mod.getDeviceList(), events: mod.usb };
}

export function hasCcidInterface(device: UsbDeviceLike): boolean {
  try {
    return (
      device.configDescriptor?.interfaces.some((alts) => alts.some((a) => a.bInterfaceClass === CCID_CLASS)) ?? false
    );
  } catch {
    return false; // descriptor not readable (no permission): not a candidate
  }
}

export interface CcidSettings {
  vendorId?: number | undefined;
  productId?: number | undefined;
  pollMs: number;
  /** Per-transfer timeout. */
  transferTimeoutMs?: number;
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

class CcidLinkError extends DeviceError {}

export class CcidCardReader extends ReaderBase {
  #device: UsbDeviceLike | null = null;
  #iface: UsbInterfaceLike | null = null;
  #in: UsbInEndpointLike | null = null;
  #out: UsbOutEndpointLike | null = null;
  #seq = 0;
  #lastUid: string | null = null;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #lastError: string | null = null;
  #onDetach = (d: UsbDeviceLike) => {
    const mine = this.#device;
    // The detach event may carry a new object for the same device: compare bus and address too.
    if (
      mine &&
      (d === mine ||
        (d.busNumber !== undefined && d.busNumber === mine.busNumber && d.deviceAddress === mine.deviceAddress))
    )
      this.#lose('unplugged');
  };

  constructor(
    id: string,
    private readonly settings: CcidSettings,
    normalize?: Normalizer,
    private readonly usb: () => UsbApi = nodeUsb,
  ) {
    super(id, normalize);
  }

  get label(): string {
    const { vendorId: v, productId: p } = this.settings;
    return `CCID reader ${this.id}${v !== undefined ? ` (${hex4(v)}:${p !== undefined ? hex4(p) : '*'})` : ''}`;
  }

  #find(api: UsbApi): UsbDeviceLike | undefined {
    const { vendorId, productId } = this.settings;
    return api
      .getDeviceList()
      .filter(
        (d) =>
          (vendorId === undefined || d.deviceDescriptor.idVendor === vendorId) &&
          (productId === undefined || d.deviceDescriptor.idProduct === productId),
      )
      .find(hasCcidInterface);
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    await this.#loop; // a previous poll loop finishing after close()
    const api = this.usb();
    const device = this.#find(api);
    if (!device)
      throw new DeviceError(
        `${this.label} is not plugged in. Plug it in, or check vendorId/productId with "estation reader list".`,
        this.id,
        { disconnected: true },
      );
    try {
      device.open();
      const iface = device.interfaces?.find((i) => i.descriptor.bInterfaceClass === CCID_CLASS);
      if (!iface) throw new Error('no CCID interface in the active configuration');
      if (iface.isKernelDriverActive()) iface.detachKernelDriver();
      iface.claim();
      const bulk = iface.endpoints.filter((e) => e.transferType === BULK);
      const inEp = bulk.find((e) => e.direction === 'in') as UsbInEndpointLike | undefined;
      const outEp = bulk.find((e) => e.direction === 'out') as UsbOutEndpointLike | undefined;
      if (!inEp || !outEp) throw new Error('the CCID interface has no bulk endpoints');
      inEp.timeout = outEp.timeout = this.settings.transferTimeoutMs ?? 3000;
      this.#device = device;
      this.#iface = iface;
      this.#in = inEp;
      this.#out = outEp;
    } catch (err) {
      try {
        device.close();
      } catch {
        // not opened
      }
      const busy = /BUSY|ACCESS/i.test((err as Error).message);
      throw new DeviceError(
        `${this.label}: cannot claim the reader (${(err as Error).message}).${busy ? ' Another program (usually pcscd) holds it, or the kiosk user lacks a udev rule for it; see docs/readers.md.' : ''}`,
        this.id,
        { disconnected: (err as UsbError).errno === LIBUSB_ERROR_NO_DEVICE },
      );
    }
    this.#seq = 0;
    this.#lastUid = null;
    this.#lastError = null;
    api.events?.on('detach', this.#onDetach);
    this.markConnected();
    this.#loop = this.#poll(api);
  }

  async #poll(api: UsbApi): Promise<void> {
    try {
      while (this.isOpen) {
        try {
          await this.#readOnce();
          this.#lastError = null;
        } catch (err) {
          if (!this.isOpen) break;
          if (err instanceof CcidLinkError && err.disconnected) {
            this.#lose(err.message);
            break;
          }
          // Report a persistent fault once, not once per poll.
          const message = `${this.label}: ${(err as Error).message}`;
          if (message !== this.#lastError) this.reportError(message);
          this.#lastError = message;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.settings.pollMs);
          this.#wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.#wake = null;
      }
    } finally {
      api.events?.off('detach', this.#onDetach);
      await this.#release();
    }
  }

  async #readOnce(): Promise<void> {
    const power = await this.#exchange(iccPowerOn(this.#nextSeq()));
    if (power.icc === 'absent' || power.command === 'failed') {
      this.#lastUid = null;
      return;
    }
    const reply = await this.#exchange(xfrBlock(this.#nextSeq(), GET_UID_APDU));
    if (reply.command === 'failed') {
      this.#lastUid = null; // the card left between the two messages
      return;
    }
    const uid = parseUidResponse(reply.data);
    if (!uid.ok) {
      this.deliver([{ kind: 'garbage', reason: uid.reason, bytes: reply.data.length }]);
      return;
    }
    if (uid.uid === this.#lastUid) return;
    this.#lastUid = uid.uid;
    this.deliver([{ kind: 'value', value: uid.uid }]);
  }

  #nextSeq(): number {
    const s = this.#seq;
    this.#seq = (this.#seq + 1) & 0xff;
    return s;
  }

  async #exchange(message: Buffer): Promise<CcidReply> {
    const out = this.#out;
    const inEp = this.#in;
    if (!out || !inEp) throw new CcidLinkError('the reader is closed', this.id, { disconnected: true });
    const seq = message[6]!;
    await new Promise<void>((resolve, reject) =>
      out.transfer(message, (err) => (err ? reject(this.#linkError(err)) : resolve())),
    );
    // Skip stale replies (a previous exchange that timed out) and honour time-extension requests.
    for (let tries = 0; tries < 8; tries++) {
      const data = await new Promise<Buffer>((resolve, reject) =>
        inEp.transfer(REPLY_MAX, (err, buf) => (err ? reject(this.#linkError(err)) : resolve(buf ?? Buffer.alloc(0)))),
      );
      const parsed = parseReply(data);
      if (!parsed.ok) throw new CcidLinkError(parsed.reason, this.id);
      if (parsed.reply.seq !== seq || parsed.reply.command === 'time-extension') continue;
      return parsed.reply;
    }
    throw new CcidLinkError('the reader keeps answering out of sequence', this.id, { timeout: true });
  }

  #linkError(err: UsbError): CcidLinkError {
    const gone = err.errno === LIBUSB_ERROR_NO_DEVICE || err.errno === LIBUSB_ERROR_IO;
    return new CcidLinkError(
      gone
        ? `${this.label} went away (${err.message}); waiting for it to come back.`
        : `USB transfer failed (${err.message})`,
      this.id,
      { disconnected: gone },
    );
  }

  #lose(message: string): void {
    this.markLost(
      message.includes('went away') ? message : `${this.label} went away (${message}); waiting for it to come back.`,
    );
    this.#wake?.();
  }

  /** Releases the interface, then closes the device (resolves when both are done or failed). */
  async #release(): Promise<void> {
    const device = this.#device;
    const iface = this.#iface;
    this.#device = this.#iface = this.#in = this.#out = null;
    if (!device) return;
    if (iface) {
      await new Promise<void>((resolve) => {
        try {
          iface.release(() => resolve());
        } catch {
          resolve(); // the device is already gone
        }
      });
    }
    try {
      device.close();
    } catch {
      // already gone
    }
  }

  async close(): Promise<void> {
    this.markClosed();
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }
}
