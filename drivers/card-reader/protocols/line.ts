/**
 * Line-terminated ASCII, the most common serial reader output: the card number then CR, LF or CRLF.
 * STX (0x02) and ETX (0x03), which some readers wrap around the line, also start and end a line.
 * A line with a byte that is not printable ASCII, or longer than maxLength, is garbage; blank lines are
 * ignored (CRLF gives one).
 */
import type { Decoded, Decoder } from './decoder.js';

const CR = 0x0d;
const LF = 0x0a;
const STX = 0x02;
const ETX = 0x03;

export interface LineOptions {
  maxLength?: number;
}

export function createLineDecoder(options: LineOptions = {}): Decoder {
  const maxLength = options.maxLength ?? 64;
  let line: number[] = [];
  let binary = false;
  /** Bytes dropped from an overlong line; while > 0 we skip to the next line end. */
  let overflow = 0;

  const finish = (out: Decoded[]) => {
    if (overflow > 0) {
      out.push({ kind: 'garbage', reason: `line longer than ${maxLength} characters`, bytes: overflow });
    } else if (binary) {
      out.push({ kind: 'garbage', reason: 'line with bytes that are not printable ASCII', bytes: line.length });
    } else {
      const value = String.fromCharCode(...line).trim();
      if (value) out.push({ kind: 'value', value });
    }
    line = [];
    binary = false;
    overflow = 0;
  };

  return {
    get pending() {
      return line.length > 0 || overflow > 0;
    },
    push(chunk) {
      const out: Decoded[] = [];
      for (const b of chunk) {
        if (b === CR || b === LF || b === ETX) finish(out);
        else if (b === STX) {
          if (line.length || overflow) out.push(...this.reset());
        } else if (overflow > 0) overflow++;
        else if (line.length >= maxLength) {
          overflow = line.length + 1;
          line = [];
        } else {
          if (b < 0x20 || b > 0x7e) binary = true;
          line.push(b);
        }
      }
      return out;
    },
    reset() {
      const dropped = line.length + overflow;
      line = [];
      binary = false;
      overflow = 0;
      return dropped ? [{ kind: 'garbage', reason: 'unterminated line', bytes: dropped }] : [];
    },
  };
}
