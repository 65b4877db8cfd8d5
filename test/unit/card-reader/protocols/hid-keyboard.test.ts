import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../../../drivers/card-reader/protocols/decoder.js';
import { createKeyboardDecoder, keyChar } from '../../../../drivers/card-reader/protocols/hid-keyboard.js';
import { TYPING_04A1B2_ENTER_WITH_SHIFT_AND_REPEAT, TYPING_0012345678_ENTER } from '../fixtures/wedge-reports.js';
import { randomBytes, rng, SEEDS } from '../fuzz.js';

const values = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'value' ? [d.value] : []));
const reasons = (ds: Decoded[]) => ds.flatMap((d) => (d.kind === 'garbage' ? [d.reason] : []));
const report = (mod: number, ...keys: number[]) =>
  Uint8Array.from([mod, 0, ...keys, ...Array(6 - keys.length).fill(0)]);
const RELEASE = report(0);

describe('HID boot keyboard decoder', () => {
  it('decodes the recorded wedge reader typing 0012345678 and Enter', () => {
    const dec = createKeyboardDecoder();
    const out = TYPING_0012345678_ENTER.flatMap((r) => dec.push(r));
    expect(values(out)).toEqual(['0012345678']);
    expect(reasons(out)).toEqual([]);
    expect(dec.pending).toBe(false);
  });

  it('handles shift, repeated reports of a held key, rollover and keypad Enter', () => {
    const dec = createKeyboardDecoder();
    expect(values(TYPING_04A1B2_ENTER_WITH_SHIFT_AND_REPEAT.flatMap((r) => dec.push(r)))).toEqual(['04A1B2']);
  });

  it('types a repeated digit only when the key was released in between', () => {
    const dec = createKeyboardDecoder();
    const out = [report(0, 0x27), report(0, 0x27), RELEASE, report(0, 0x27), RELEASE, report(0, 0x28)].flatMap((r) =>
      dec.push(r),
    );
    expect(values(out)).toEqual(['00']);
  });

  it('maps shifted digits to symbols and keypad digits to digits', () => {
    expect(keyChar(0x1e, true)).toBe('!');
    expect(keyChar(0x62, false)).toBe('0');
    expect(keyChar(0x59, true)).toBe('1');
    expect(keyChar(0x29, false)).toBeUndefined(); // Escape
  });

  it('makes a card with a non-character key garbage, reported at Enter', () => {
    const dec = createKeyboardDecoder();
    const out = [report(0, 0x1e), RELEASE, report(0, 0x29), RELEASE, report(0, 0x1f), RELEASE, report(0, 0x28)].flatMap(
      (r) => dec.push(r),
    );
    expect(values(out)).toEqual([]);
    expect(reasons(out)).toEqual(['key 0x29 is not part of a card number']);
  });

  it('ignores keys typed with Ctrl, Alt or GUI held', () => {
    const dec = createKeyboardDecoder();
    const out = [report(0x01, 0x06), RELEASE, report(0, 0x28)].flatMap((r) => dec.push(r));
    expect(values(out)).toEqual([]);
    expect(reasons(out)).toHaveLength(1);
  });

  it('drops a card longer than maxLength', () => {
    const dec = createKeyboardDecoder({ maxLength: 4 });
    const out = [...Array(6)]
      .flatMap(() => [report(0, 0x1e), RELEASE])
      .concat([report(0, 0x28)])
      .flatMap((r) => dec.push(r));
    expect(values(out)).toEqual([]);
    expect(reasons(out)).toEqual(['more than 4 characters before Enter']);
  });

  it('ignores Enter alone and ErrorRollOver reports', () => {
    const dec = createKeyboardDecoder();
    expect(dec.push(report(0, 0x28))).toEqual([]);
    expect(dec.push(report(0, 1, 1, 1, 1, 1, 1))).toEqual([]);
    expect(dec.pending).toBe(false);
  });

  it('reset() drops a half-typed card as garbage (the driver calls it on timeout)', () => {
    const dec = createKeyboardDecoder();
    TYPING_0012345678_ENTER.slice(0, 6).forEach((r) => dec.push(r));
    expect(dec.pending).toBe(true);
    expect(reasons(dec.reset())).toEqual(['card number not finished with Enter in time']);
    expect(values(TYPING_0012345678_ENTER.flatMap((r) => dec.push(r)))).toEqual(['0012345678']);
  });

  it('reports a short report as garbage', () => {
    expect(reasons(createKeyboardDecoder().push(Uint8Array.of(0, 0, 0x1e)))).toHaveLength(1);
  });

  it.each(SEEDS)(
    'fuzz seed %i: random reports never throw, and values only come from printable keys before an Enter',
    (seed) => {
      const next = rng(seed);
      const dec = createKeyboardDecoder({ maxLength: 20 });
      // Mostly digit presses, releases and Enter, with random reports mixed in.
      const keys = [0x1e, 0x1f, 0x27, 0x28, 0x28, 0, 0, 0, 0, 0];
      for (let i = 0; i < 400; i++) {
        const r =
          next() < 0.2
            ? randomBytes(next, 1 + Math.floor(next() * 10))
            : report(next() < 0.1 ? 0x02 : 0, keys[Math.floor(next() * keys.length)]!);
        for (const v of values(dec.push(r))) expect(v).toMatch(/^[\x20-\x7e]{1,20}$/);
      }
    },
  );
});
