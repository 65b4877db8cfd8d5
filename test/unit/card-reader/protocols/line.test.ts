import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../../../drivers/card-reader/protocols/decoder.js';
import { createLineDecoder } from '../../../../drivers/card-reader/protocols/line.js';
import { randomBytes, randomChunks, rng, SEEDS } from '../fuzz.js';

const values = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'value' ? [d.value] : []));
const garbage = (ds: Decoded[]) => ds.filter((d) => d.kind === 'garbage');
const feed = (chunks: (string | Buffer)[], maxLength?: number) => {
  const dec = createLineDecoder(maxLength === undefined ? {} : { maxLength });
  return chunks.flatMap((c) => dec.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));
};

describe('line decoder', () => {
  it('ends a line at CR, LF or CRLF and ignores the blank line CRLF leaves', () => {
    const out = feed(['0012345678\r', '0087654321\n', '1111\r\n']);
    expect(values(out)).toEqual(['0012345678', '0087654321', '1111']);
    expect(garbage(out)).toEqual([]);
  });

  it('joins a line split across reads and splits several lines in one read', () => {
    expect(values(feed(['00123', '45', '678\r', '\n']))).toEqual(['0012345678']);
    expect(values(feed(['1\r\n2\r\n3\n']))).toEqual(['1', '2', '3']);
  });

  it('accepts STX/ETX around the line', () => {
    expect(values(feed(['\x020012345678\x03', '\x02AB\r\n\x03']))).toEqual(['0012345678', 'AB']);
  });

  it('reports a line with binary noise as garbage and still reads the next line', () => {
    const out = feed([Buffer.from([0x31, 0xff, 0x00, 0x32, 0x0d]), '42\r']);
    expect(values(out)).toEqual(['42']);
    expect(garbage(out)).toHaveLength(1);
  });

  it('drops an overlong line whole, and resumes at the next line end', () => {
    const out = feed(['1'.repeat(30), '2'.repeat(30), '\r', '12345\r'], 16);
    expect(values(out)).toEqual(['12345']);
    expect(garbage(out)).toEqual([{ kind: 'garbage', reason: 'line longer than 16 characters', bytes: 60 }]);
  });

  it('keeps a line of exactly maxLength', () => {
    expect(values(feed(['x'.repeat(16) + '\n'], 16))).toEqual(['x'.repeat(16)]);
  });

  it('reset() drops an unterminated line as garbage', () => {
    const dec = createLineDecoder();
    dec.push(Buffer.from('123'));
    expect(dec.pending).toBe(true);
    expect(dec.reset()).toEqual([{ kind: 'garbage', reason: 'unterminated line', bytes: 3 }]);
    expect(dec.pending).toBe(false);
    expect(dec.push(Buffer.from('\r'))).toEqual([]);
  });

  it.each(SEEDS)('fuzz seed %i: never throws, and every value is a printable line of the input', (seed) => {
    const next = rng(seed);
    // Bias towards digits and line ends so that values do come out.
    const alphabet = [...Array(256).keys(), ...Array(30).fill(0x30), 0x31, 0x32, 0x0d, 0x0a, 0x0d, 0x0a, 0x02, 0x03];
    const input = randomBytes(next, 3000, alphabet);
    const dec = createLineDecoder({ maxLength: 12 });
    const out = randomChunks(next, input).flatMap((c) => dec.push(c));
    const text = input.toString('latin1');
    for (const v of values(out)) {
      expect(v).toMatch(/^[\x20-\x7e]{1,12}$/);
      // The value sits between two separators in the input (spaces around it are trimmed).
      expect(text).toMatch(
        new RegExp(`(^|[\\r\\n\\x02\\x03]) *${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *[\\r\\n\\x03]`),
      );
    }
  });
});
