/**
 * The serial driver's unplug check against serialport's own mock (SerialPortMock and its MockBinding) and a
 * fake `stat`. A MockBinding port with no data keeps its read pending and never closes by itself, which is
 * what serialport's Linux binding looks like when a hangup turns into endless 0-byte reads
 * (serialport/bindings-cpp#162): only the device path going away can tell the driver.
 */
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { compileNormalizer } from '../../../drivers/card-reader/normalize.js';
import { SerialCardReader, type SerialSettings, type StatPath } from '../../../drivers/card-reader/serial-reader.js';
import type { CardRead, ReaderStatus } from '../../../drivers/card-reader/types.js';
import { waitFor } from '../../helpers/pty.js';

const PATH = '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0';
const MockBinding = SerialPortMock.binding;

const readers: SerialCardReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
  MockBinding.reset();
});

const errno = (code: string) => Object.assign(new Error(`${code}: stat '${PATH}'`), { code });

/** A device file that can be unplugged, replaced by another device, or made unreadable. */
function fakeDevice() {
  const dev = { state: 'present' as 'present' | 'gone' | 'replaced' | 'unreadable', stats: 0 };
  const stat: StatPath = async (path) => {
    expect(path).toBe(PATH);
    dev.stats++;
    if (dev.state === 'gone') throw errno('ENOENT');
    if (dev.state === 'unreadable') throw errno('EACCES');
    return { dev: 6, ino: dev.state === 'replaced' ? 912 : 911, rdev: 0xbc00 };
  };
  return Object.assign(dev, { stat });
}

async function setup(settings: Partial<SerialSettings> = {}) {
  MockBinding.createPort(PATH);
  const device = fakeDevice();
  const ports: SerialPortMock[] = [];
  const reader = new SerialCardReader(
    'wall',
    { path: PATH, baudRate: 9600, protocol: 'line', pathCheckMs: 5, ...settings },
    compileNormalizer([]),
    (s) => {
      const port = new SerialPortMock({ ...s, autoOpen: false });
      ports.push(port);
      return port;
    },
    device.stat,
  );
  readers.push(reader);
  const cards: CardRead[] = [];
  const statuses: ReaderStatus[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('status', (s) => statuses.push(s));
  await reader.open();
  const port = ports[0]!;
  return { reader, device, port, cards, statuses };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serial reader: unplug detected through the device path', () => {
  it('a path that vanishes while open gives one disconnected status, closes the port and stops checking', async () => {
    const t = await setup();
    t.port.port!.emitData('1001\r');
    await waitFor(() => t.cards.length === 1, 'a card while plugged in');
    await waitFor(() => t.device.stats >= 3, 'a few path checks');
    expect(t.statuses).toEqual([{ state: 'connected', readerId: 'wall' }]);

    t.device.state = 'gone';
    await waitFor(() => t.statuses.length === 2, 'the disconnected status');
    expect(t.statuses[1]).toEqual({
      state: 'disconnected',
      readerId: 'wall',
      message: `Serial reader wall on ${PATH} went away (the device file is gone); waiting for it to come back.`,
    });
    expect(t.reader.isOpen).toBe(false);
    // The port itself is closed, which is what ends a binding's read loop.
    await waitFor(() => !t.port.isOpen && !t.port.port!.isOpen, 'the port to be closed');

    const checks = t.device.stats;
    await sleep(40);
    expect(t.device.stats).toBe(checks);
    // Its `close` event comes after the loss was reported and adds nothing.
    expect(t.statuses).toHaveLength(2);
  });

  it('a path that now names another device (re-plugged between two checks) is a disconnect too', async () => {
    const t = await setup();
    await waitFor(() => t.device.stats >= 2, 'a few path checks');
    t.device.state = 'replaced';
    await waitFor(() => t.statuses.length === 2, 'the disconnected status');
    expect(t.statuses[1]).toMatchObject({
      state: 'disconnected',
      message: expect.stringMatching(/went away \(the path now names another device\)/),
    });
    await waitFor(() => !t.port.isOpen, 'the port to be closed');
  });

  it('an unreadable path is not a disconnect', async () => {
    const t = await setup();
    t.device.state = 'unreadable';
    const checks = t.device.stats;
    await waitFor(() => t.device.stats >= checks + 3, 'a few path checks');
    expect(t.reader.isOpen).toBe(true);
    expect(t.statuses).toEqual([{ state: 'connected', readerId: 'wall' }]);
    t.device.state = 'present';
    t.port.port!.emitData('1002\r');
    await waitFor(() => t.cards.length === 1, 'a card');
  });

  it('close() stops the checks, and pathCheckMs 0 turns them off', async () => {
    const t = await setup();
    await t.reader.close();
    const checks = t.device.stats;
    await sleep(40);
    expect(t.device.stats).toBe(checks);
    expect(t.statuses).toEqual([{ state: 'connected', readerId: 'wall' }]);

    MockBinding.reset();
    const off = await setup({ pathCheckMs: 0 });
    off.device.state = 'gone';
    await sleep(40);
    expect(off.device.stats).toBe(0);
    expect(off.reader.isOpen).toBe(true);
  });
});
