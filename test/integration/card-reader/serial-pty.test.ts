/**
 * The serial driver and the reader manager through real pseudo-terminals (socat): the test writes what a
 * reader would send to one end, the driver reads the other with serialport.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReaderConfig } from '../../../kiosk-config/readers.js';
import { compileNormalizer } from '../../../drivers/card-reader/normalize.js';
import { encodeBinaryFrame, type BinaryFrameOptions } from '../../../drivers/card-reader/protocols/binary.js';
import { encodeRdm6300 } from '../../../drivers/card-reader/protocols/rdm6300.js';
import { ReaderManager } from '../../../drivers/card-reader/reader-manager.js';
import { SerialCardReader, type SerialSettings } from '../../../drivers/card-reader/serial-reader.js';
import type { CardRead, GarbageReport, ReaderStatus } from '../../../drivers/card-reader/types.js';
import { DeviceError } from '../../../drivers/errors.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';

let pty: PtyPair;
const cleanup: (() => Promise<void>)[] = [];
beforeEach(async () => {
  pty = await createPtyPair();
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  await pty.close();
});

function watch(reader: SerialCardReader | ReaderManager) {
  const cards: CardRead[] = [];
  const statuses: ReaderStatus[] = [];
  const garbage: GarbageReport[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('status', (s) => statuses.push(s));
  reader.on('garbage', (g) => garbage.push(g));
  return { cards, statuses, garbage, values: () => cards.map((c) => c.card) };
}

async function openSerial(settings: Omit<SerialSettings, 'path' | 'baudRate'>, normalize = compileNormalizer([])) {
  const reader = new SerialCardReader('wall', { path: pty.b, baudRate: 9600, ...settings }, normalize);
  cleanup.push(() => reader.close());
  const ev = watch(reader);
  await reader.open();
  return { reader, ...ev };
}

describe('serial reader over a pseudo-terminal', () => {
  it('reads line-terminated cards (CR, LF, CRLF), split across writes and several in one write', async () => {
    const t = await openSerial({ protocol: 'line' }, compileNormalizer([{ op: 'stripLeadingZeros' }]));
    pty.write('0012345678\r');
    pty.write('00876');
    await waitFor(() => t.cards.length === 1, 'the first card');
    pty.write('54321\n');
    pty.write('1111\r\n2222\r\n3333\n');
    await waitFor(() => t.cards.length === 5, 'five cards');
    expect(t.values()).toEqual(['12345678', '87654321', '1111', '2222', '3333']);
    expect(t.cards[0]).toMatchObject({ raw: '0012345678', readerId: 'wall' });
    expect(t.garbage).toEqual([]);
  });

  it('skips noise and overlong lines and keeps reading', async () => {
    const t = await openSerial({ protocol: 'line', maxLineLength: 16 });
    pty.write(Buffer.from([0x31, 0xff, 0xfe, 0x00, 0x0d]));
    pty.write('9'.repeat(200));
    pty.write('\r\n20230001\r\n');
    await waitFor(() => t.cards.length === 1, 'the card after the noise');
    expect(t.values()).toEqual(['20230001']);
    expect(t.garbage.map((g) => g.reason)).toEqual([
      'line with bytes that are not printable ASCII',
      'line longer than 16 characters',
    ]);
  });

  it('reads RDM6300 frames byte by byte and back to back, and rejects a bad checksum', async () => {
    const normalize = compileNormalizer([
      { op: 'regex', pattern: '^[0-9A-F]{2}([0-9A-F]{8})$' },
      { op: 'hexToDec' },
      { op: 'padStart', width: 10 },
    ]);
    const t = await openSerial({ protocol: 'rdm6300' }, normalize);
    const frame = encodeRdm6300('0100BC614E');
    for (const b of frame) pty.write(Uint8Array.of(b));
    await waitFor(() => t.cards.length === 1, 'the first card');
    const bad = Buffer.from(encodeRdm6300('0100BC614F'));
    bad[11] = 0x30; // corrupt the checksum
    pty.write(
      Buffer.concat([
        Buffer.from('\xff\x00junk', 'latin1'),
        bad,
        encodeRdm6300('0A00000001'),
        encodeRdm6300('0A00000002'),
      ]),
    );
    await waitFor(() => t.cards.length === 3, 'the two good frames after the bad one');
    expect(t.values()).toEqual(['0012345678', '0000000001', '0000000002']);
    expect(t.garbage.map((g) => g.reason)).toEqual(['bytes outside an RDM6300 frame', 'RDM6300 checksum mismatch']);
  });

  it('reads configured binary frames', async () => {
    const frame = ReaderConfig.parse({
      type: 'serial',
      path: 'x',
      protocol: 'binary',
      frame: {
        header: 'AA55',
        length: 9,
        dataOffset: 3,
        dataLength: 4,
        checksumOffset: -2,
        checksumFrom: 2,
        trailer: '0D',
      },
    }) as { frame: BinaryFrameOptions };
    const t = await openSerial({ protocol: 'binary', frame: frame.frame });
    const good = encodeBinaryFrame(frame.frame, Buffer.from('DEADBEEF', 'hex'), 4);
    const bad = Buffer.from(good);
    bad[4] = 0x00;
    pty.write(Buffer.concat([Buffer.from('0102', 'hex'), bad, good.subarray(0, 4)]));
    pty.write(good.subarray(4));
    await waitFor(() => t.cards.length === 1, 'the good frame');
    expect(t.values()).toEqual(['DEADBEEF']);
    expect(t.garbage.map((g) => g.reason)).toContain('binary frame checksum mismatch');
  });

  it('rejects open of a missing port with a disconnected DeviceError', async () => {
    const reader = new SerialCardReader('wall', { path: `${pty.b}-missing`, baudRate: 9600, protocol: 'line' });
    const err = (await reader.open().catch((e: unknown) => e)) as DeviceError;
    expect(err).toBeInstanceOf(DeviceError);
    expect(err.disconnected).toBe(true);
    expect(err.message).toMatch(/does not exist/);
  });

  it('reports the reader going away once, and the manager reconnects by itself when it comes back', async () => {
    const config = ReaderConfig.parse({
      type: 'serial',
      id: 'wall',
      path: pty.b,
      protocol: 'line',
      dedupeMs: 0,
      reconnect: { minMs: 50, maxMs: 200 },
    });
    const manager = new ReaderManager([config], { plugEvents: null });
    cleanup.push(() => manager.close());
    const t = watch(manager);
    await manager.open();
    expect(t.statuses).toEqual([{ state: 'connected', readerId: 'wall' }]);
    pty.write('1001\r');
    await waitFor(() => t.cards.length === 1, 'a card before the unplug');

    // Bytes still arriving as the adapter is pulled out: the hangup can then reach serialport as "data available"
    // and its reads return 0 bytes for ever, with no `close` (see serial-reader.ts); the driver must notice anyway.
    pty.write('10');
    await pty.unplug();
    // The manager retries after 50 ms and a failed reopen adds another `disconnected`: wait for at least one.
    await waitFor(() => t.statuses.length >= 2, 'the disconnected status');
    expect(t.statuses[1]).toMatchObject({
      state: 'disconnected',
      readerId: 'wall',
      message: expect.stringMatching(/went away/),
    });

    await pty.replug();
    await waitFor(() => t.statuses.at(-1)?.state === 'connected', 'the reader to be reopened');
    // While it was away the message may have changed (from "went away" to "does not exist").
    expect(new Set(t.statuses.slice(1, -1).map((s) => s.state))).toEqual(new Set(['disconnected']));
    pty.write('1002\r');
    await waitFor(() => t.cards.length === 2, 'a card after the replug');
    expect(t.values()).toEqual(['1001', '1002']);
    expect(manager.stats()[0]).toMatchObject({ reconnects: 1 });
  });

  it('starts with a missing reader as disconnected and picks it up once it appears', async () => {
    await pty.unplug();
    const config = ReaderConfig.parse({
      type: 'serial',
      id: 'wall',
      path: pty.b,
      protocol: 'rdm6300',
      reconnect: { minMs: 50, maxMs: 200 },
    });
    const manager = new ReaderManager([config], { plugEvents: null });
    cleanup.push(() => manager.close());
    const t = watch(manager);
    await manager.open();
    expect(t.statuses).toEqual([
      { state: 'disconnected', readerId: 'wall', message: expect.stringMatching(/does not exist/) },
    ]);
    await pty.replug();
    await waitFor(() => t.statuses.at(-1)?.state === 'connected', 'the reader to be opened');
    pty.write(encodeRdm6300('0100BC614E'));
    pty.write(encodeRdm6300('0100BC614E')); // the same card read twice in a row: one tap
    pty.write(encodeRdm6300('0100BC6150'));
    await waitFor(() => t.cards.length === 2, 'the cards');
    expect(t.values()).toEqual(['0100BC614E', '0100BC6150']);
  });

  it('close while a frame is half received emits nothing afterwards', async () => {
    const t = await openSerial({ protocol: 'rdm6300' });
    const frame = encodeRdm6300('0100BC614E');
    pty.write(frame.subarray(0, 6));
    await new Promise((r) => setTimeout(r, 50));
    await t.reader.close();
    expect(t.reader.isOpen).toBe(false);
    pty.write(frame.subarray(6));
    await new Promise((r) => setTimeout(r, 50));
    expect(t.cards).toEqual([]);
    expect(t.statuses.map((s) => s.state)).toEqual(['connected']);
  });
});
