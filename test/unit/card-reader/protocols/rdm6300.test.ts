import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../../../drivers/card-reader/protocols/decoder.js';
import { createRdm6300Decoder, encodeRdm6300 } from '../../../../drivers/card-reader/protocols/rdm6300.js';
import { randomBytes, randomChunks, rng, SEEDS } from '../fuzz.js';

const values = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'value' ? [d.value] : []));
const reasons = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'garbage' ? [d.reason] : []));
const feed = (...chunks: (string | Buffer)[]) => {
  const dec = createRdm6300Decoder();
  return chunks.flatMap((c) => dec.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));
};

// A frame as an RDM6300 sends it for card 62E3086CED: 02 "62E3086CED" "08" 03 (62^E3^08^6C^ED = 08).
const RECORDED = Buffer.from('0236324533303836434544303803', 'hex');

describe('RDM6300 decoder', () => {
  it('reads a recorded frame, and encodeRdm6300 builds the same bytes', () => {
    expect(values(feed(RECORDED))).toEqual(['62E3086CED']);
    expect(encodeRdm6300('62E3086CED')).toEqual(RECORDED);
  });

  it('accepts lower-case hex and reports it upper case', () => {
    expect(values(feed('\x0262e3086ced08\x03'))).toEqual(['62E3086CED']);
  });

  it('joins a frame split across reads, byte by byte', () => {
    const dec = createRdm6300Decoder();
    const out = [...RECORDED].flatMap((b) => dec.push(Uint8Array.of(b)));
    expect(values(out)).toEqual(['62E3086CED']);
    expect(reasons(out)).toEqual([]);
  });

  it('reads several frames in one read, with CR/LF between them not counted as garbage', () => {
    const two = Buffer.concat([encodeRdm6300('0100BC614E'), Buffer.from('\r\n'), encodeRdm6300('0A0B0C0D0E')]);
    const out = feed(two);
    expect(values(out)).toEqual(['0100BC614E', '0A0B0C0D0E']);
    expect(reasons(out)).toEqual([]);
  });

  it('counts noise between frames as garbage and still reads the frame after it', () => {
    const out = feed(Buffer.concat([Buffer.from([0xff, 0x00, 0x41]), RECORDED]));
    expect(values(out)).toEqual(['62E3086CED']);
    expect(reasons(out)).toEqual(['bytes outside an RDM6300 frame']);
  });

  it('rejects a bad checksum', () => {
    const bad = Buffer.from(RECORDED);
    bad[12] = 0x39; // checksum "09" instead of "08"
    const out = feed(bad);
    expect(values(out)).toEqual([]);
    expect(reasons(out)).toEqual(['RDM6300 checksum mismatch']);
  });

  it('rejects a frame without ETX, and a truncated frame followed by a good one loses only itself', () => {
    const noEtx = Buffer.from(RECORDED);
    noEtx[13] = 0x04;
    expect(reasons(feed(noEtx))).toContain('malformed RDM6300 frame');
    const out = feed(Buffer.concat([RECORDED.subarray(0, 7), RECORDED]));
    expect(values(out)).toEqual(['62E3086CED']);
    expect(reasons(out)).toEqual(['malformed RDM6300 frame']);
  });

  it('reports an unfinished frame on reset()', () => {
    const dec = createRdm6300Decoder();
    dec.push(RECORDED.subarray(0, 5));
    expect(dec.pending).toBe(true);
    expect(dec.reset()).toEqual([{ kind: 'garbage', reason: 'unfinished RDM6300 frame', bytes: 5 }]);
  });

  it.each(SEEDS)(
    'fuzz seed %i: random bytes never throw and never yield a card without its valid frame in the input',
    (seed) => {
      const next = rng(seed);
      // Bias towards STX, ETX and hex digits so that near-frames are common.
      const alphabet = [
        ...Array(256).keys(),
        ...Array(20).fill(0x02),
        ...Array(20).fill(0x03),
        ...Buffer.from('0123456789ABCDEFabcdef'.repeat(4)),
      ];
      const input = randomBytes(next, 4000, alphabet);
      const dec = createRdm6300Decoder();
      const out = randomChunks(next, input).flatMap((c) => dec.push(c));
      for (const v of values(out)) {
        // The decoder accepts lower-case hex, so compare against the input with a-f upper-cased.
        const hay = Buffer.from(input.map((b) => (b >= 0x61 && b <= 0x66 ? b - 0x20 : b)));
        expect(hay.indexOf(encodeRdm6300(v))).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it.each(SEEDS)('fuzz seed %i: valid frames between random noise all come out, in order', (seed) => {
    const next = rng(seed);
    const cards = Array.from({ length: 12 }, () => randomBytes(next, 5).toString('hex').toUpperCase());
    const parts = cards.flatMap((c) => [randomBytes(next, Math.floor(next() * 20)), encodeRdm6300(c)]);
    const dec = createRdm6300Decoder();
    const out = randomChunks(next, Buffer.concat(parts)).flatMap((c) => dec.push(c));
    expect(values(out)).toEqual(cards);
  });
});
