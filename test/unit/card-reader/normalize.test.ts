import { describe, expect, it } from 'vitest';
import { NormalizeStep } from '../../../kiosk-config/readers.js';
import { compileNormalizer, NormalizeConfigError } from '../../../drivers/card-reader/normalize.js';

const run = (steps: unknown[], raw: string) => compileNormalizer(steps.map((s) => NormalizeStep.parse(s)))(raw);
const card = (steps: unknown[], raw: string) => {
  const r = run(steps, raw);
  return r.ok ? r.card : `rejected: ${r.reason}`;
};

describe('normalization pipeline', () => {
  it('with no steps only trims, and rejects an empty value', () => {
    expect(card([], '  0012345678 \r')).toBe('0012345678');
    expect(run([], '   ')).toEqual({ ok: false, reason: 'empty card number' });
  });

  it('regex extracts a group and rejects what does not match', () => {
    expect(card([{ op: 'regex', pattern: ';(\\d+)=' }], ';20230001=99?')).toBe('20230001');
    expect(card([{ op: 'regex', pattern: '\\d{4}', group: 0 }], 'ab1234cd')).toBe('1234');
    expect(run([{ op: 'regex', pattern: '^\\d+$' }], '12a')).toMatchObject({ ok: false });
    expect(run([{ op: 'regex', pattern: '(a)|(b)', group: 2 }], 'a')).toMatchObject({ ok: false });
  });

  it('regex with an invalid pattern fails at configuration time with a clear error', () => {
    expect(NormalizeStep.safeParse({ op: 'regex', pattern: '(' }).error?.issues[0]?.message).toBe(
      'a valid JavaScript regular expression',
    );
    expect(() => compileNormalizer([{ op: 'regex', pattern: '(' }])).toThrow(NormalizeConfigError);
    expect(() => compileNormalizer([{ op: 'regex', pattern: '(' }])).toThrow(/normalize\[0\].*regular expression/);
  });

  it('hexToDec converts any length exactly and rejects non-hex', () => {
    expect(card([{ op: 'hexToDec' }], '00BC614E')).toBe('12345678');
    expect(card([{ op: 'hexToDec' }], 'FFFFFFFFFFFFFFFF')).toBe('18446744073709551615');
    expect(run([{ op: 'hexToDec' }], '12G4')).toMatchObject({ ok: false, reason: 'hexToDec: not hexadecimal' });
  });

  it('decToHex converts to upper-case hex padded to width', () => {
    expect(card([{ op: 'decToHex' }], '12345678')).toBe('BC614E');
    expect(card([{ op: 'decToHex', width: 8 }], '12345678')).toBe('00BC614E');
    expect(run([{ op: 'decToHex' }], '12.5')).toMatchObject({ ok: false });
  });

  it('reverseBytes swaps UID byte order, padding an odd length', () => {
    expect(card([{ op: 'reverseBytes' }], '04A1B2C3')).toBe('C3B2A104');
    expect(card([{ op: 'reverseBytes' }], 'ABC')).toBe('BC0A');
    expect(run([{ op: 'reverseBytes' }], 'XY')).toMatchObject({ ok: false });
  });

  it('strip removes the given characters (default space, dash, colon)', () => {
    expect(card([{ op: 'strip' }], '04:A1-B2 C3')).toBe('04A1B2C3');
    expect(card([{ op: 'strip', chars: ';?' }], ';1234?')).toBe('1234');
  });

  it('stripLeadingZeros keeps a single zero', () => {
    expect(card([{ op: 'stripLeadingZeros' }], '0012345678')).toBe('12345678');
    expect(card([{ op: 'stripLeadingZeros' }], '0000')).toBe('0');
  });

  it('padStart pads to a width with a character', () => {
    expect(card([{ op: 'padStart', width: 10 }], '12345678')).toBe('0012345678');
    expect(card([{ op: 'padStart', width: 6, char: 'X' }], '12')).toBe('XXXX12');
    expect(card([{ op: 'padStart', width: 2 }], '12345')).toBe('12345');
  });

  it('upper upper-cases', () => {
    expect(card([{ op: 'upper' }], '04a1b2c3')).toBe('04A1B2C3');
  });

  it('prefixMap replaces the longest matching prefix and leaves others alone', () => {
    const map = { op: 'prefixMap', map: { '1': 'A', '12': 'B', '99': '' } };
    expect(card([map], '12345')).toBe('B345');
    expect(card([map], '13')).toBe('A3');
    expect(card([map], '9912')).toBe('12');
    expect(card([map], '555')).toBe('555');
  });

  it('chains steps: UID bytes reversed, to decimal, padded to 10 digits (a common campus card number)', () => {
    const steps = [{ op: 'strip' }, { op: 'reverseBytes' }, { op: 'hexToDec' }, { op: 'padStart', width: 10 }];
    expect(card(steps, '4E:61:BC:00')).toBe('0012345678');
  });

  it('chains steps: RDM6300 value, last four bytes to decimal', () => {
    const steps = [
      { op: 'regex', pattern: '^[0-9A-F]{2}([0-9A-F]{8})$' },
      { op: 'hexToDec' },
      { op: 'padStart', width: 10 },
    ];
    expect(card(steps, '0100BC614E')).toBe('0012345678');
  });

  it('rejects when a step empties the value', () => {
    expect(run([{ op: 'strip', chars: '0' }], '000')).toEqual({ ok: false, reason: 'empty card number' });
  });
});

describe('normalization configuration', () => {
  it('applies step defaults when given raw configuration, and rejects unknown ops clearly', () => {
    const n = compileNormalizer([
      { op: 'regex', pattern: 'x(\\d+)' },
      { op: 'padStart', width: 4 },
    ]);
    expect(n('x12')).toEqual({ ok: true, card: '0012' });
    expect(() => compileNormalizer([{ op: 'rot13' } as never])).toThrow(NormalizeConfigError);
  });
});
