/**
 * HID boot-protocol keyboard reports, as keyboard-wedge card readers send them: 8 bytes, a modifier
 * byte (bit 1 left shift, bit 5 right shift), a reserved byte, and up to six key codes of the keys held
 * down. A key counts when it appears in a report; while it stays in later reports it is held (key repeat
 * is the host's business, so a repeated report types nothing) and a report without it is its release.
 * Enter ends the card. A key that is not a printable character, or a card longer than maxLength, makes
 * the card garbage; an ErrorRollOver report (all key codes 0x01) is ignored.
 */
import type { Decoded, Decoder } from './decoder.js';

const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const ROLLOVER = 0x01;
const SHIFT = 0x02 | 0x20;
const CTRL_ALT_GUI = 0xff & ~SHIFT;

const PLAIN: Record<number, string> = {};
const SHIFTED: Record<number, string> = {};
for (let i = 0; i < 26; i++) {
  PLAIN[0x04 + i] = String.fromCharCode(0x61 + i);
  SHIFTED[0x04 + i] = String.fromCharCode(0x41 + i);
}
'1234567890'.split('').forEach((c, i) => (PLAIN[0x1e + i] = c));
'!@#$%^&*()'.split('').forEach((c, i) => (SHIFTED[0x1e + i] = c));
// space - = [ ] \ (non-US #) ; ' ` , . /
const punct: [number, string, string][] = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
];
for (const [code, plain, shifted] of punct) {
  PLAIN[code] = plain;
  SHIFTED[code] = shifted;
}
// Keypad: / * - + then 1..9 0 .
const keypad: [number, string][] = [
  [0x54, '/'],
  [0x55, '*'],
  [0x56, '-'],
  [0x57, '+'],
  ...'1234567890.'.split('').map((c, i): [number, string] => [0x59 + i, c]),
];
for (const [code, c] of keypad) {
  PLAIN[code] = c;
  SHIFTED[code] = c;
}

/** The character a key code types, or undefined for keys that do not type one. */
export function keyChar(code: number, shift: boolean): string | undefined {
  return (shift ? SHIFTED : PLAIN)[code];
}

export interface KeyboardOptions {
  maxLength?: number;
}

export function createKeyboardDecoder(options: KeyboardOptions = {}): Decoder<Uint8Array> {
  const maxLength = options.maxLength ?? 64;
  let held = new Set<number>();
  let text = '';
  let bad: string | null = null;
  let keys = 0;

  const drop = (reason: string): Decoded[] => {
    const had = keys > 0;
    const out: Decoded[] = had ? [{ kind: 'garbage', reason, bytes: keys }] : [];
    text = '';
    bad = null;
    keys = 0;
    return out;
  };

  return {
    get pending() {
      return keys > 0;
    },
    push(report) {
      if (report.length < 8)
        return [{ kind: 'garbage', reason: `HID report of ${report.length} bytes, expected 8`, bytes: 1 }];
      const codes = [...report.subarray(2, 8)].filter((c) => c !== 0);
      if (codes.length > 0 && codes.every((c) => c === ROLLOVER)) return [];
      const out: Decoded[] = [];
      const mod = report[0]!;
      const now = new Set(codes);
      for (const code of codes) {
        if (held.has(code)) continue;
        if (code === ENTER || code === KEYPAD_ENTER) {
          if (bad) out.push(...drop(bad));
          else if (keys > 0) {
            out.push({ kind: 'value', value: text });
            text = '';
            keys = 0;
          }
          continue;
        }
        keys++;
        const c = mod & CTRL_ALT_GUI ? undefined : keyChar(code, (mod & SHIFT) !== 0);
        if (c === undefined) bad ??= `key 0x${code.toString(16).padStart(2, '0')} is not part of a card number`;
        else if (text.length >= maxLength) bad ??= `more than ${maxLength} characters before Enter`;
        else text += c;
      }
      held = now;
      return out;
    },
    reset() {
      held = new Set();
      return drop('card number not finished with Enter in time');
    },
  };
}
