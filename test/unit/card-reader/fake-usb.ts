/**
 * A fake of the `usb` package at its API boundary (getDeviceList, Device.open/close/interfaces,
 * Interface.claim/release, bulk Endpoint.transfer with node-usb's callbacks, and the hot-plug emitter),
 * playing a CCID reader that answers with the recorded replies in fixtures/ccid-replies.ts.
 */
import { EventEmitter } from 'node:events';
import type { UsbApi, UsbDeviceLike, UsbInterfaceLike } from '../../../drivers/card-reader/ccid-reader.js';
import { DATA_BLOCK_6300, DATA_BLOCK_UID_9000, POWER_ON_ATR, POWER_ON_NO_CARD } from './fixtures/ccid-replies.js';

type Callback = (error: (Error & { errno?: number }) | undefined, data?: Buffer) => void;

const withSeq = (reply: Buffer, seq: number) => {
  const b = Buffer.from(reply);
  b[6] = seq;
  return b;
};

/** What lies on the reader: nothing, a card with this UID (answers 90 00), or a card that fails (63 00). */
export type FakeCard = null | { uid: string } | 'fails';

export class FakeCcidReader implements UsbDeviceLike {
  deviceDescriptor = { idVendor: 0x072f, idProduct: 0x2200 };
  busNumber = 1;
  deviceAddress = 7;
  configDescriptor = { interfaces: [[{ bInterfaceClass: 0x0b }]] };
  interfaces: UsbInterfaceLike[] | undefined;
  card: FakeCard = null;
  /** Every message the driver sent, as hex. */
  sent: string[] = [];
  isOpen = false;
  claimed = false;
  gone = false;
  #replies: Buffer[] = [];
  #waiting: Callback | null = null;

  open(): void {
    if (this.gone) throw Object.assign(new Error('LIBUSB_ERROR_NO_DEVICE'), { errno: -4 });
    this.isOpen = true;
    const inEp = {
      direction: 'in' as const,
      transferType: 2,
      timeout: 0,
      transfer: (_length: number, cb: Callback) => {
        this.#waiting = cb;
        this.#pump();
        return inEp;
      },
    };
    const outEp = {
      direction: 'out' as const,
      transferType: 2,
      timeout: 0,
      transfer: (buffer: Buffer, cb?: (error: (Error & { errno?: number }) | undefined, actual: number) => void) => {
        setImmediate(() => {
          if (this.gone) return cb?.(Object.assign(new Error('LIBUSB_ERROR_NO_DEVICE'), { errno: -4 }), 0);
          this.sent.push(buffer.toString('hex'));
          this.#answer(buffer);
          cb?.(undefined, buffer.length);
        });
        return outEp;
      },
    };
    const interrupt = { direction: 'in' as const, transferType: 3, timeout: 0, transfer: () => inEp };
    this.interfaces = [
      {
        descriptor: { bInterfaceClass: 0x0b },
        endpoints: [interrupt, outEp, inEp],
        claim: () => void (this.claimed = true),
        release: (cb) => {
          this.claimed = false;
          setImmediate(() => cb?.());
        },
        isKernelDriverActive: () => false,
        detachKernelDriver: () => {},
      },
    ];
  }

  close(): void {
    this.isOpen = false;
    this.interfaces = undefined;
  }

  /** Pulls the plug: pending and later transfers fail with LIBUSB_ERROR_NO_DEVICE. */
  unplug(): void {
    this.gone = true;
    this.#pump();
  }

  #answer(msg: Buffer): void {
    const seq = msg[6]!;
    if (msg[0] === 0x62) this.#replies.push(withSeq(this.card === null ? POWER_ON_NO_CARD : POWER_ON_ATR, seq));
    else if (msg[0] === 0x6f) {
      if (this.card === 'fails') this.#replies.push(withSeq(DATA_BLOCK_6300, seq));
      else if (this.card === null) this.#replies.push(withSeq(POWER_ON_NO_CARD, seq));
      else if (this.card.uid === '04A1B2C3') this.#replies.push(withSeq(DATA_BLOCK_UID_9000, seq));
      else {
        const data = Buffer.from(`${this.card.uid}9000`, 'hex');
        const head = Buffer.from([0x80, 0, 0, 0, 0, 0, seq, 0, 0, 0]);
        head.writeUInt32LE(data.length, 1);
        this.#replies.push(Buffer.concat([head, data]));
      }
    }
    this.#pump();
  }

  #pump(): void {
    const cb = this.#waiting;
    if (!cb) return;
    if (this.gone) {
      this.#waiting = null;
      setImmediate(() => cb(Object.assign(new Error('LIBUSB_ERROR_NO_DEVICE'), { errno: -4 })));
      return;
    }
    const reply = this.#replies.shift();
    if (!reply) return; // a real bulk IN transfer waits until the reader answers
    this.#waiting = null;
    setImmediate(() => cb(undefined, reply));
  }
}

/** A keyboard: a USB device without a CCID interface. */
export const KEYBOARD: UsbDeviceLike = {
  deviceDescriptor: { idVendor: 0x046d, idProduct: 0xc31c },
  configDescriptor: { interfaces: [[{ bInterfaceClass: 0x03 }]] },
  open() {
    throw new Error('the driver must not open devices that are not CCID readers');
  },
  close() {},
};

export function fakeUsb(devices: UsbDeviceLike[]): { api: UsbApi; events: EventEmitter; devices: UsbDeviceLike[] } {
  const events = new EventEmitter();
  return {
    api: { getDeviceList: () => devices.filter((d) => !(d instanceof FakeCcidReader && d.gone)), events },
    events,
    devices,
  };
}
