import { afterEach, describe, expect, it } from 'vitest';
import { CcidCardReader } from '../../../drivers/card-reader/ccid-reader.js';
import { compileNormalizer } from '../../../drivers/card-reader/normalize.js';
import type { CardRead, GarbageReport, ReaderStatus } from '../../../drivers/card-reader/types.js';
import { DeviceError } from '../../../drivers/errors.js';
import { waitFor } from '../../helpers/pty.js';
import { FakeCcidReader, fakeUsb, KEYBOARD } from './fake-usb.js';

const open: CcidCardReader[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function setup(devices = [KEYBOARD, new FakeCcidReader()], normalize = compileNormalizer([])) {
  const usb = fakeUsb(devices);
  const reader = new CcidCardReader('desk', { pollMs: 5 }, normalize, () => usb.api);
  open.push(reader);
  const cards: CardRead[] = [];
  const statuses: ReaderStatus[] = [];
  const garbage: GarbageReport[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('status', (s) => statuses.push(s));
  reader.on('garbage', (g) => garbage.push(g));
  const device = devices.find((d): d is FakeCcidReader => d instanceof FakeCcidReader)!;
  return { reader, usb, device, cards, statuses, garbage };
}

const polls = (d: FakeCcidReader) => d.sent.filter((m) => m.startsWith('62')).length;

describe('USB CCID reader', () => {
  it('claims the CCID interface, powers the slot and asks for the UID with FF CA 00 00 00', async () => {
    const t = setup();
    await t.reader.open();
    expect(t.device.claimed).toBe(true);
    t.device.card = { uid: '04A1B2C3' };
    await waitFor(() => t.cards.length === 1, 'a card');
    expect(t.cards[0]).toMatchObject({ card: '04A1B2C3', raw: '04A1B2C3', readerId: 'desk' });
    const xfr = t.device.sent.find((m) => m.startsWith('6f'))!;
    expect(xfr.slice(0, 10)).toBe('6f05000000');
    expect(xfr.slice(20)).toBe('ffca000000');
    // Every message gets the next sequence number.
    await waitFor(() => t.device.sent.length >= 4, 'a few more messages');
    expect(t.device.sent.slice(0, 4).map((m) => parseInt(m.slice(12, 14), 16))).toEqual([0, 1, 2, 3]);
    expect(t.statuses).toEqual([{ state: 'connected', readerId: 'desk' }]);
  });

  it('reports a card once per placement, and again after it was taken away', async () => {
    const t = setup([new FakeCcidReader()], compileNormalizer([{ op: 'reverseBytes' }, { op: 'hexToDec' }]));
    await t.reader.open();
    t.device.card = { uid: '04A1B2C3' };
    await waitFor(() => t.cards.length === 1, 'a card');
    const seen = polls(t.device);
    await waitFor(() => polls(t.device) > seen + 5, 'more polls with the card still there');
    expect(t.cards).toHaveLength(1);
    t.device.card = null;
    const removed = polls(t.device);
    await waitFor(() => polls(t.device) > removed + 2, 'polls without a card');
    t.device.card = { uid: '04A1B2C3' };
    await waitFor(() => t.cards.length === 2, 'the card placed again');
    t.device.card = { uid: 'DEADBEEF01020304' };
    await waitFor(() => t.cards.length === 3, 'another card');
    expect(t.cards.map((c) => c.card)).toEqual([
      String(0xc3b2a104),
      String(0xc3b2a104),
      BigInt('0x04030201EFBEADDE').toString(),
    ]);
  });

  it('treats 63 00 as garbage, not a card', async () => {
    const t = setup();
    await t.reader.open();
    t.device.card = 'fails';
    await waitFor(() => t.garbage.length > 0, 'garbage');
    expect(t.garbage[0]!.reason).toMatch(/63 00/);
    expect(t.cards).toEqual([]);
  });

  it('rejects open with a disconnected DeviceError when no CCID reader is plugged in', async () => {
    const t = setup([KEYBOARD]);
    const err = (await t.reader.open().catch((e: unknown) => e)) as DeviceError;
    expect(err).toBeInstanceOf(DeviceError);
    expect(err.disconnected).toBe(true);
    expect(t.reader.isOpen).toBe(false);
  });

  it('reports an unplug once (detach event and failing transfers), releases the device, and reopens when it is back', async () => {
    const t = setup();
    await t.reader.open();
    t.device.unplug();
    t.usb.events.emit('detach', t.device);
    await waitFor(() => t.statuses.length === 2, 'the disconnected status');
    expect(t.statuses[1]).toMatchObject({
      state: 'disconnected',
      readerId: 'desk',
      message: expect.stringMatching(/went away/),
    });
    await waitFor(() => !t.device.isOpen, 'the device to be closed');
    expect(t.usb.events.listenerCount('detach')).toBe(0);
    await expect(t.reader.open()).rejects.toMatchObject({ disconnected: true });
    t.device.gone = false;
    await t.reader.open();
    t.device.card = { uid: '04A1B2C3' };
    await waitFor(() => t.cards.length === 1, 'a card after the reader came back');
    expect(t.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('recognises its device in a detach event that carries another object for it (same bus and address)', async () => {
    const t = setup();
    await t.reader.open();
    t.usb.events.emit('detach', { deviceDescriptor: t.device.deviceDescriptor, busNumber: 1, deviceAddress: 8 });
    expect(t.reader.isOpen).toBe(true);
    t.usb.events.emit('detach', { deviceDescriptor: t.device.deviceDescriptor, busNumber: 1, deviceAddress: 7 });
    expect(t.reader.isOpen).toBe(false);
    expect(t.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
  });

  it('close() while polling stops, releases the interface and emits nothing after', async () => {
    const t = setup();
    await t.reader.open();
    await waitFor(() => polls(t.device) > 2, 'polling');
    await t.reader.close();
    expect(t.device.isOpen).toBe(false);
    expect(t.device.claimed).toBe(false);
    const sent = t.device.sent.length;
    t.device.card = { uid: '04A1B2C3' };
    await new Promise((r) => setTimeout(r, 30));
    expect(t.device.sent.length).toBe(sent);
    expect(t.cards).toEqual([]);
    expect(t.statuses.map((s) => s.state)).toEqual(['connected']);
  });
});
