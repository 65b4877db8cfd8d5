/**
 * The ESC/POS serial link when the line breaks, against serialport's own mock (SerialPortMock) and a fake
 * `stat`: a port error must never become an uncaught exception (it would stop the kiosk), and a device
 * that vanished without serialport noticing (bindings-cpp#162) is found by its path.
 */
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialLink } from '../../../drivers/printer/escpos/serial-link.js';
import { PrinterError } from '../../../drivers/printer/types.js';
import type { StatPath } from '../../../drivers/serial-path-watch.js';
import { waitFor } from '../../helpers/pty.js';

const PATH = '/dev/ttyUSB-receipt';
const MockBinding = SerialPortMock.binding;
afterEach(() => MockBinding.reset());

async function open(stat: StatPath) {
  MockBinding.createPort(PATH, { echo: false, record: true });
  let port: SerialPortMock | undefined;
  const link = await SerialLink.open(
    { path: PATH, baudRate: 19200, id: 'receipt', pathCheckMs: 5, stat },
    (o) => (port = new SerialPortMock({ path: o.path, baudRate: o.baudRate, autoOpen: false })),
  );
  return { link, port: port! };
}

const present: StatPath = async () => ({ dev: 6, ino: 7, rdev: 8 });

describe('SerialLink', () => {
  it('writes the bytes to the port', async () => {
    const { link, port } = await open(present);
    await link.write(Uint8Array.of(0x1b, 0x40), 1000);
    expect([...port.port!.recording]).toEqual([0x1b, 0x40]);
    await link.close();
  });

  it('a port error breaks the link without throwing; the next write says the cable is out, and the port is closed', async () => {
    const { link, port } = await open(present);
    port.emit('error', new Error('EIO: i/o error, write'));
    expect(link.brokenBecause).toBe('EIO: i/o error, write');
    await waitFor(() => !port.isOpen, 'the port to close');
    const err = await link.write(Uint8Array.of(0x0a), 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect(err).toMatchObject({
      flags: { disconnected: true },
      message: expect.stringMatching(/cable was disconnected \(EIO.*Check the cable/),
    });
  });

  it('a read waiting for an answer fails as disconnected when the link breaks, not as a timeout', async () => {
    const { link, port } = await open(present);
    const answer = link.read(1, 60_000);
    port.emit('error', new Error('EIO: i/o error, read'));
    await expect(answer).rejects.toMatchObject({ flags: { disconnected: true } });
  });

  it('a device path that is gone breaks the link and closes the port, though the port itself said nothing', async () => {
    let gone = false;
    const { link, port } = await open(async () => {
      if (gone) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return { dev: 6, ino: 7, rdev: 8 };
    });
    await link.write(Uint8Array.of(0x0a), 1000);
    gone = true;
    await waitFor(() => link.brokenBecause !== null, 'the link to notice');
    expect(link.brokenBecause).toBe('the device file is gone');
    await waitFor(() => !port.isOpen, 'the port to close');
    await expect(link.write(Uint8Array.of(0x0a), 1000)).rejects.toMatchObject({ flags: { disconnected: true } });
  });
});
