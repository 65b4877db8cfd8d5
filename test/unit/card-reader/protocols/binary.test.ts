import { describe, expect, it } from 'vitest';
import { BinaryFrameConfig } from '../../../../kiosk-config/readers.js';
import {
  createBinaryDecoder,
  encodeBinaryFrame,
  frameChecksum,
  type BinaryFrameOptions,
} from '../../../../drivers/card-reader/protocols/binary.js';
import type { Decoded } from '../../../../drivers/card-reader/protocols/decoder.js';
import { randomBytes, randomChunks, rng, SEEDS } from '../fuzz.js';

const values = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'value' ? [d.value] : []));
const reasons = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'garbage' ? [d.reason] : []));

// A common 13.56 MHz serial module: AA 55, length byte, 4 UID bytes, XOR over bytes 2..6, trailer 0D.
const AA55 = BinaryFrameConfig.parse({
  header: 'AA 55',
  length: 9,
  dataOffset: 3,
  dataLength: 4,
  checksum: 'xor',
  checksumOffset: -2,
  checksumFrom: 2,
  trailer: '0D',
}) as BinaryFrameOptions;
const RECORDED = Buffer.from(
  'AA5504DEADBEEF' + ((0x04 ^ 0xde ^ 0xad ^ 0xbe ^ 0xef) & 0xff).toString(16).padStart(2, '0') + '0D',
  'hex',
);

const feed = (o: BinaryFrameOptions, ...chunks: Buffer[]) => {
  const dec = createBinaryDecoder(o);
  return chunks.flatMap((c) => dec.push(c));
};

describe('binary frame decoder', () => {
  it('reads a recorded frame, and encodeBinaryFrame builds the same bytes', () => {
    expect(values(feed(AA55, RECORDED))).toEqual(['DEADBEEF']);
    expect(encodeBinaryFrame(AA55, Buffer.from('DEADBEEF', 'hex'), 0x04)).toEqual(RECORDED);
  });

  it('computes XOR and 8-bit sum checksums', () => {
    expect(frameChecksum('xor', Uint8Array.of(0x0f, 0xf0, 0x01))).toBe(0xfe);
    expect(frameChecksum('sum8', Uint8Array.of(0xff, 0x02, 0x01))).toBe(0x02);
    const sum = { ...AA55, checksum: 'sum8' as const };
    expect(values(feed(sum, encodeBinaryFrame(sum, Buffer.from('01020304', 'hex'))))).toEqual(['01020304']);
  });

  it('joins frames split across reads and splits several frames in one read', () => {
    const dec = createBinaryDecoder(AA55);
    const out = [...RECORDED].flatMap((b) => dec.push(Uint8Array.of(b)));
    expect(values(out)).toEqual(['DEADBEEF']);
    expect(
      values(feed(AA55, Buffer.concat([RECORDED, encodeBinaryFrame(AA55, Buffer.from('01020304', 'hex'))]))),
    ).toEqual(['DEADBEEF', '01020304']);
  });

  it('reports noise before a frame and still reads the frame', () => {
    const out = feed(AA55, Buffer.from('0011AA22', 'hex'), RECORDED);
    expect(values(out)).toEqual(['DEADBEEF']);
    expect(reasons(out)).toContain('bytes outside a binary frame');
  });

  it('keeps a header split at the end of a read', () => {
    expect(values(feed(AA55, Buffer.from('77AA', 'hex'), RECORDED.subarray(1)))).toEqual(['DEADBEEF']);
  });

  it('rejects a bad checksum and a wrong trailer', () => {
    const badSum = Buffer.from(RECORDED);
    badSum[7] = badSum[7]! ^ 0x01;
    expect(values(feed(AA55, badSum))).toEqual([]);
    expect(reasons(feed(AA55, badSum))).toContain('binary frame checksum mismatch');
    const badTrailer = Buffer.from(RECORDED);
    badTrailer[8] = 0x0a;
    expect(reasons(feed(AA55, badTrailer))).toContain('binary frame with a wrong trailer');
  });

  it('finds a good frame that starts inside a broken one', () => {
    const broken = RECORDED.subarray(0, 5); // header and part of a frame, then the real frame
    expect(values(feed(AA55, Buffer.concat([broken, RECORDED])))).toEqual(['DEADBEEF']);
  });

  it('works without a checksum, and refuses a frame description that cannot work', () => {
    const plain = BinaryFrameConfig.parse({
      header: '02',
      length: 6,
      dataOffset: 1,
      dataLength: 4,
      checksum: 'none',
      trailer: '03',
    }) as BinaryFrameOptions;
    expect(values(feed(plain, Buffer.from('020A0B0C0D03', 'hex')))).toEqual(['0A0B0C0D']);
    expect(() => createBinaryDecoder({ ...plain, dataLength: 9 })).toThrow(RangeError);
    expect(BinaryFrameConfig.safeParse({ header: '02', length: 6, dataOffset: 1, dataLength: 9 }).success).toBe(false);
  });

  it.each(SEEDS)(
    'fuzz seed %i: random bytes never throw and never yield a card without a valid frame in the input',
    (seed) => {
      const next = rng(seed);
      // A one-byte header and a short frame, so that random input does contain headers and some valid frames.
      const o = BinaryFrameConfig.parse({
        header: '02',
        length: 4,
        dataOffset: 1,
        dataLength: 2,
        checksum: 'xor',
      }) as BinaryFrameOptions;
      const input = randomBytes(next, 4000, [...Array(256).keys(), ...Array(40).fill(0x02)]);
      const dec = createBinaryDecoder(o);
      const out = randomChunks(next, input).flatMap((c) => dec.push(c));
      const valid = new Set<string>();
      for (let i = 0; i + 4 <= input.length; i++) {
        if (input[i] === 0x02 && (input[i]! ^ input[i + 1]! ^ input[i + 2]!) === input[i + 3])
          valid.add(
            input
              .subarray(i + 1, i + 3)
              .toString('hex')
              .toUpperCase(),
          );
      }
      for (const v of values(out)) expect(valid).toContain(v);
    },
  );

  it.each(SEEDS)('fuzz seed %i: valid frames between random noise all come out, in order', (seed) => {
    const next = rng(seed);
    const cards = Array.from({ length: 12 }, () => randomBytes(next, 4));
    // Noise may hold 0xAA but not the full AA 55 header, which could open a false frame that swallows the next.
    const noise = () => randomBytes(next, Math.floor(next() * 20)).filter((b) => b !== 0x55);
    const input = Buffer.concat(cards.flatMap((c) => [noise(), encodeBinaryFrame(AA55, c, 4)]));
    const dec = createBinaryDecoder(AA55);
    const out = randomChunks(next, input).flatMap((c) => dec.push(c));
    expect(values(out)).toEqual(cards.map((c) => c.toString('hex').toUpperCase()));
  });
});
