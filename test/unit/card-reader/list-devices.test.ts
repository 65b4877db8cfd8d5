import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ReaderConfig } from '../../../kiosk-config/readers.js';
import { listReaderCandidates } from '../../../drivers/card-reader/list-devices.js';
import type { HidApi } from '../../../drivers/card-reader/hid-reader.js';
import { FakeCcidReader, fakeUsb, KEYBOARD } from './fake-usb.js';

class NoDevice extends EventEmitter {
  constructor(_path: string) {
    super();
  }
  close() {}
}

// node-hid's devices() on a kiosk with a wedge reader (two collections) and an ordinary keyboard and mouse.
const HID: HidApi = {
  HID: NoDevice,
  devices: () => [
    {
      vendorId: 0xffff,
      productId: 0x0035,
      path: '/dev/hidraw2',
      interface: 0,
      usagePage: 1,
      usage: 6,
      manufacturer: 'Sycreader',
      product: 'ID&IC USB Reader',
    },
    {
      vendorId: 0xffff,
      productId: 0x0035,
      path: '/dev/hidraw3',
      interface: 0,
      usagePage: 1,
      usage: 6,
      manufacturer: 'Sycreader',
      product: 'ID&IC USB Reader',
    },
    {
      vendorId: 0x046d,
      productId: 0xc077,
      path: '/dev/hidraw0',
      interface: 0,
      usagePage: 1,
      usage: 2,
      product: 'USB Optical Mouse',
    },
    {
      vendorId: 0x046d,
      productId: 0xc31c,
      path: '/dev/hidraw1',
      interface: 0,
      usagePage: 1,
      usage: 6,
      product: 'USB Keyboard',
    },
  ],
};

describe('listReaderCandidates', () => {
  it('lists keyboards once per vendor/product, serial ports and CCID readers, each with a valid reader configuration', async () => {
    const { candidates, problems } = await listReaderCandidates({
      hid: () => HID,
      usb: () => fakeUsb([KEYBOARD, new FakeCcidReader()]).api,
      serial: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001' }],
    });
    expect(problems).toEqual([]);
    expect(candidates.map((c) => [c.kind, c.description])).toEqual([
      ['hid', 'Sycreader ID&IC USB Reader'],
      ['hid', 'USB Keyboard'],
      ['serial', 'FTDI'],
      ['ccid', 'USB smart-card reader (class 0x0b)'],
    ]);
    expect(candidates[0]!.config).toEqual({ type: 'hid', vendorId: '0xffff', productId: '0x0035' });
    expect(candidates[3]!.config).toEqual({ type: 'ccid', vendorId: '0x072f', productId: '0x2200' });
    for (const c of candidates) expect(ReaderConfig.safeParse(c.config).success).toBe(true);
  });

  it('turns a source that fails into a problem line and still lists the others', async () => {
    const { candidates, problems } = await listReaderCandidates({
      hid: () => {
        throw new Error('libudev missing');
      },
      usb: () => fakeUsb([]).api,
      serial: async () => [{ path: '/dev/ttyS0' }],
    });
    expect(problems).toEqual(['HID devices cannot be listed: libudev missing']);
    expect(candidates.map((c) => c.path)).toEqual(['/dev/ttyS0']);
  });
});
