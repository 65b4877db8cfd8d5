/**
 * The USB link against a fake of `usb`'s classic API (this machine has no USB printer): the fake has
 * exactly the members the link uses (findByIds, Device.open/close/interfaces, Interface.claim/release/
 * kernel driver, Endpoint.transfer/timeout), with libusb's behaviour for errors.
 */
import { describe, expect, it } from 'vitest';
import { createReceiptPrinter } from '../../../drivers/printer/escpos/create-receipt-printer.js';
import { encodeReceipt } from '../../../drivers/printer/escpos/encode-receipt.js';
import {
  UsbLink,
  type UsbApi,
  type UsbDeviceLike,
  type UsbInterfaceLike,
} from '../../../drivers/printer/escpos/usb-link.js';
import { PrinterError } from '../../../drivers/printer/types.js';
import { ReceiptPrinterConfig } from '../../../kiosk-config/printers.js';
import { SAMPLE_RECEIPT } from './receipt-sample.js';

class LibUsbError extends Error {
  constructor(
    message: string,
    readonly errno: number,
  ) {
    super(message);
  }
}

class FakeOut {
  direction = 'out' as const;
  transferType = 2;
  timeout = 0;
  written: Buffer[] = [];
  fail: LibUsbError | null = null;
  transfer(buffer: Buffer, cb?: (err: Error | undefined, actual: number) => void) {
    setImmediate(() => {
      if (this.fail) return cb?.(this.fail, 0);
      this.written.push(Buffer.from(buffer));
      cb?.(undefined, buffer.length);
    });
    return this;
  }
}

class FakeIn {
  direction = 'in' as const;
  transferType = 2;
  timeout = 0;
  queue: number[] = [];
  transfer(length: number, cb: (err: Error | undefined, data?: Buffer) => void) {
    setImmediate(() => {
      if (this.queue.length === 0) return cb(new LibUsbError('LIBUSB_TRANSFER_TIMED_OUT', -7));
      cb(undefined, Buffer.from(this.queue.splice(0, length)));
    });
    return this;
  }
}

class FakeInterface implements UsbInterfaceLike {
  claimed = false;
  kernelDriver = true;
  constructor(readonly endpoints: (FakeOut | FakeIn)[]) {}
  claim() {
    if (!this.kernelDriver) this.claimed = true;
    else throw new LibUsbError('LIBUSB_ERROR_BUSY', -6);
  }
  release(_close: boolean, cb?: (err?: Error) => void) {
    this.claimed = false;
    cb?.();
  }
  isKernelDriverActive() {
    return this.kernelDriver;
  }
  detachKernelDriver() {
    this.kernelDriver = false;
  }
}

class FakeDevice implements UsbDeviceLike {
  opened = false;
  constructor(readonly interfaces: FakeInterface[]) {}
  open() {
    this.opened = true;
  }
  close() {
    this.opened = false;
  }
}

/** A printer-class device whose IN endpoint answers DLE EOT with `status` (all clear by default). */
function fakePrinter(twoWay = true) {
  const out = new FakeOut();
  const inp = new FakeIn();
  const iface = new FakeInterface(twoWay ? [inp, out] : [out]);
  const device = new FakeDevice([iface]);
  const realTransfer = out.transfer.bind(out);
  out.transfer = (buffer, cb) => {
    if (buffer[0] === 0x10 && buffer[1] === 0x04) inp.queue.push(0x12);
    return realTransfer(buffer, cb);
  };
  const calls: [number, number][] = [];
  const api: UsbApi = {
    findByIds: (vid, pid) => {
      calls.push([vid, pid]);
      return vid === 0x0416 && pid === 0x5011 ? device : undefined;
    },
  };
  return { api, device, iface, out, inp, calls };
}

describe('UsbLink', () => {
  it('opens the device, detaches the kernel printer driver, claims the interface and writes to bulk OUT', async () => {
    const f = fakePrinter();
    const link = await UsbLink.open({ vendorId: 0x0416, productId: 0x5011, api: f.api });
    expect(f.device.opened).toBe(true);
    expect(f.iface.claimed).toBe(true);
    await link.write(Uint8Array.from([1, 2, 3]), 700);
    expect(f.out.written).toEqual([Buffer.from([1, 2, 3])]);
    expect(f.out.timeout).toBe(700);
    await link.close();
    expect(f.iface.claimed).toBe(false);
    expect(f.device.opened).toBe(false);
  });

  it('reads from bulk IN when there is one; one-way without', async () => {
    const two = await UsbLink.open({ vendorId: 0x0416, productId: 0x5011, api: fakePrinter(true).api });
    expect(two.read).toBeTypeOf('function');
    const one = await UsbLink.open({ vendorId: 0x0416, productId: 0x5011, api: fakePrinter(false).api });
    expect(one.read).toBeUndefined();
  });

  it('a device that is not plugged in: disconnected, with the ids and how to check them', async () => {
    const f = fakePrinter();
    const err = await UsbLink.open({ vendorId: 0x1234, productId: 0x0001, api: f.api }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).flags.disconnected).toBe(true);
    expect((err as PrinterError).message).toMatch(/0x1234:0x0001.*lsusb/);
  });

  it('a device without bulk OUT endpoint is refused and closed again', async () => {
    const device = new FakeDevice([new FakeInterface([new FakeIn()])]);
    const err = await UsbLink.open({ vendorId: 1, productId: 2, api: { findByIds: () => device } }).catch(
      (e: unknown) => e,
    );
    expect((err as PrinterError).message).toMatch(/not an ESC\/POS printer/);
    expect(device.opened).toBe(false);
  });

  it('a transfer timeout is a timeout, an unplugged device is disconnected', async () => {
    const f = fakePrinter();
    const link = await UsbLink.open({ vendorId: 0x0416, productId: 0x5011, api: f.api });
    f.out.fail = new LibUsbError('LIBUSB_TRANSFER_TIMED_OUT', -7);
    await expect(link.write(Uint8Array.from([1]), 100)).rejects.toMatchObject({ flags: { timeout: true } });
    f.out.fail = new LibUsbError('LIBUSB_ERROR_NO_DEVICE', -4);
    await expect(link.write(Uint8Array.from([1]), 100)).rejects.toMatchObject({ flags: { disconnected: true } });
    await expect(link.read!(1, 100)).rejects.toMatchObject({ flags: { timeout: true } });
  });
});

describe('createReceiptPrinter with escpos-usb', () => {
  it('prints a receipt and reads its status through usb', async () => {
    const f = fakePrinter();
    const config = ReceiptPrinterConfig.parse({ type: 'escpos-usb', vendorId: '0x0416', productId: '0x5011' });
    const printer = createReceiptPrinter(config, { usb: f.api })!;
    expect(printer.id).toBe('usb:0416:5011');
    await printer.print(SAMPLE_RECEIPT);
    expect(Buffer.concat(f.out.written)).toEqual(Buffer.from(encodeReceipt(SAMPLE_RECEIPT)));
    expect(await printer.status()).toMatchObject({ known: true, online: true, paper: 'ok', conditions: [] });
    await printer.close();
    expect(f.calls).toEqual([[0x0416, 0x5011]]);
  });

  it('none gives no receipt printer', () => {
    expect(createReceiptPrinter({ type: 'none' })).toBeNull();
  });
});
