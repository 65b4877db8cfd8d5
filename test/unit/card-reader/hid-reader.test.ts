/**
 * The HID driver against a fake at node-hid's API boundary: `devices()` and a `HID` class that is an
 * EventEmitter of `data` reports and `error`, exactly like node-hid's synchronous HID.HID.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../../drivers/errors.js';
import {
  HidCardReader,
  pickKeyboard,
  type HidApi,
  type HidDeviceInfo,
} from '../../../drivers/card-reader/hid-reader.js';
import { compileNormalizer } from '../../../drivers/card-reader/normalize.js';
import { ReaderManager } from '../../../drivers/card-reader/reader-manager.js';
import { ReaderConfig } from '../../../kiosk-config/readers.js';
import type { CardRead, GarbageReport, ReaderStatus } from '../../../drivers/card-reader/types.js';
import { waitFor } from '../../helpers/pty.js';
import { TYPING_0012345678_ENTER, WEDGE_PRODUCT, WEDGE_VENDOR } from './fixtures/wedge-reports.js';

const WEDGE: HidDeviceInfo[] = [
  // The reader exposes a keyboard collection and a vendor collection; only the keyboard types cards.
  {
    vendorId: WEDGE_VENDOR,
    productId: WEDGE_PRODUCT,
    path: '/dev/hidraw3',
    interface: 1,
    usagePage: 0xff00,
    usage: 1,
    product: 'ID&IC USB Reader',
  },
  {
    vendorId: WEDGE_VENDOR,
    productId: WEDGE_PRODUCT,
    path: '/dev/hidraw2',
    interface: 0,
    usagePage: 1,
    usage: 6,
    product: 'ID&IC USB Reader',
  },
  {
    vendorId: 0x046d,
    productId: 0xc31c,
    path: '/dev/hidraw0',
    interface: 0,
    usagePage: 1,
    usage: 6,
    product: 'USB Keyboard',
  },
];

function fakeNodeHid(devices: HidDeviceInfo[] = WEDGE, failOpen?: Error) {
  const opened: FakeDevice[] = [];
  class FakeDevice extends EventEmitter {
    closed = false;
    constructor(
      readonly path: string,
      readonly options?: { nonExclusive?: boolean },
    ) {
      super();
      if (failOpen) throw failOpen;
      opened.push(this);
    }
    // Like node-hid: close() removes every listener and no event comes afterwards.
    close() {
      this.closed = true;
      this.removeAllListeners();
    }
    override emit(event: string, ...args: unknown[]): boolean {
      return this.closed ? false : super.emit(event, ...args);
    }
  }
  const api: HidApi = { HID: FakeDevice, devices: () => devices };
  return { api, opened, present: devices };
}

function collect(reader: HidCardReader) {
  const cards: CardRead[] = [];
  const statuses: ReaderStatus[] = [];
  const garbage: GarbageReport[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('status', (s) => statuses.push(s));
  reader.on('garbage', (g) => garbage.push(g));
  return { cards, statuses, garbage };
}

const settings = { vendorId: WEDGE_VENDOR, productId: WEDGE_PRODUCT, charTimeoutMs: 50 };

describe('HID keyboard-wedge reader', () => {
  it('picks the keyboard collection of the configured reader', () => {
    expect(pickKeyboard(WEDGE, WEDGE_VENDOR, WEDGE_PRODUCT)?.path).toBe('/dev/hidraw2');
    expect(pickKeyboard(WEDGE, 0x1234, 0x5678)).toBeUndefined();
  });

  it('opens it exclusively and turns the recorded reports into one normalized card', async () => {
    const hid = fakeNodeHid();
    const reader = new HidCardReader('door', settings, compileNormalizer([{ op: 'stripLeadingZeros' }]), () => hid.api);
    const ev = collect(reader);
    await reader.open();
    expect(reader.isOpen).toBe(true);
    expect(hid.opened).toHaveLength(1);
    expect(hid.opened[0]!.path).toBe('/dev/hidraw2');
    expect(hid.opened[0]!.options).toEqual({ nonExclusive: false });
    for (const r of TYPING_0012345678_ENTER) hid.opened[0]!.emit('data', r);
    expect(ev.cards).toMatchObject([{ card: '12345678', raw: '0012345678', readerId: 'door' }]);
    expect(ev.statuses).toEqual([{ state: 'connected', readerId: 'door' }]);
    await reader.close();
  });

  it('rejects open with a disconnected DeviceError when the reader is not plugged in', async () => {
    const reader = new HidCardReader('door', settings, undefined, () => fakeNodeHid([WEDGE[2]!]).api);
    const err = await reader.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceError);
    expect((err as DeviceError).disconnected).toBe(true);
    expect((err as Error).message).toMatch(/not plugged in.*estation reader list/);
    expect(reader.isOpen).toBe(false);
  });

  it('explains a device it cannot open (permissions) without calling it disconnected', async () => {
    const reader = new HidCardReader(
      'door',
      settings,
      undefined,
      () => fakeNodeHid(WEDGE, new Error('cannot open device with path /dev/hidraw2')).api,
    );
    const err = (await reader.open().catch((e: unknown) => e)) as DeviceError;
    expect(err.disconnected).toBe(false);
    expect(err.message).toMatch(/udev rule/);
  });

  it('drops a half-typed card after charTimeoutMs as garbage and reads the next card whole', async () => {
    const hid = fakeNodeHid();
    const reader = new HidCardReader('door', settings, undefined, () => hid.api);
    const ev = collect(reader);
    await reader.open();
    const dev = hid.opened[0]!;
    for (const r of TYPING_0012345678_ENTER.slice(0, 8)) dev.emit('data', r);
    await waitFor(() => ev.garbage.length > 0, 'the half-read card to time out');
    expect(ev.garbage[0]).toMatchObject({ readerId: 'door', reason: 'card number not finished with Enter in time' });
    for (const r of TYPING_0012345678_ENTER) dev.emit('data', r);
    expect(ev.cards.map((c) => c.card)).toEqual(['0012345678']);
    await reader.close();
  });

  it('reports an unplug (node-hid read error) as one disconnected status, closes the device, and opens again when it is back', async () => {
    const hid = fakeNodeHid();
    const reader = new HidCardReader('door', settings, undefined, () => hid.api);
    const ev = collect(reader);
    await reader.open();
    const dev = hid.opened[0]!;
    dev.emit('error', new Error('could not read from HID device'));
    expect(ev.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
    expect(ev.statuses[1]).toMatchObject({ message: expect.stringMatching(/went away.*could not read/) });
    expect(reader.isOpen).toBe(false);
    expect(dev.closed).toBe(true);
    await reader.open();
    for (const r of TYPING_0012345678_ENTER) hid.opened[1]!.emit('data', r);
    expect(ev.cards).toHaveLength(1);
    await reader.close();
  });

  it('discards a read in progress on close and emits nothing afterwards', async () => {
    const hid = fakeNodeHid();
    const reader = new HidCardReader('door', settings, undefined, () => hid.api);
    const ev = collect(reader);
    await reader.open();
    const dev = hid.opened[0]!;
    for (const r of TYPING_0012345678_ENTER.slice(0, 10)) dev.emit('data', r);
    await reader.close();
    await reader.close();
    for (const r of TYPING_0012345678_ENTER.slice(10)) dev.emit('data', r);
    expect(ev.cards).toEqual([]);
    expect(dev.closed).toBe(true);
    expect(ev.statuses.map((s) => s.state)).toEqual(['connected']);
  });
});

describe('HID reader under the ReaderManager', () => {
  it('is disconnected while missing, and comes back when plugged in (USB attach event), without a restart', async () => {
    const present: HidDeviceInfo[] = [];
    const hid = fakeNodeHid(present);
    const plug = new EventEmitter();
    const config = ReaderConfig.parse({
      type: 'hid',
      id: 'wedge',
      vendorId: '0xffff',
      productId: '0x0035',
      reconnect: { minMs: 60_000, maxMs: 60_000 },
    });
    const manager = new ReaderManager([config], {
      plugEvents: plug,
      attachSettleMs: 5,
      create: (c) => new HidCardReader(c.id, settings, compileNormalizer(c.normalize), () => hid.api),
    });
    const statuses: ReaderStatus[] = [];
    const cards: CardRead[] = [];
    manager.on('status', (s) => statuses.push(s));
    manager.on('card', (c) => cards.push(c));
    try {
      await manager.open();
      expect(statuses).toEqual([
        { state: 'disconnected', readerId: 'wedge', message: expect.stringMatching(/not plugged in/) },
      ]);
      present.push(...WEDGE);
      plug.emit('attach', {});
      await waitFor(() => statuses.at(-1)?.state === 'connected', 'the reader to be opened after the attach event');
      for (const r of TYPING_0012345678_ENTER) hid.opened[0]!.emit('data', r);
      // Unplugged: node-hid reports a read error; plugged back in: attach again.
      present.splice(0);
      hid.opened[0]!.emit('error', new Error('could not read from HID device'));
      expect(statuses.at(-1)?.state).toBe('disconnected');
      present.push(...WEDGE);
      plug.emit('attach', {});
      await waitFor(() => statuses.at(-1)?.state === 'connected', 'the reader to be reopened');
      for (const r of TYPING_0012345678_ENTER) hid.opened[1]!.emit('data', r);
      // The same card twice, but the reader was re-plugged in between: dedupe state is reset by the disconnect.
      expect(cards.map((c) => c.card)).toEqual(['0012345678', '0012345678']);
    } finally {
      await manager.close();
    }
  });
});
