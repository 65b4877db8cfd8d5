/**
 * RDM6300 (125 kHz EM4100) frames: STX 0x02, ten ASCII hex characters (version byte and four data bytes),
 * two ASCII hex characters of checksum (the XOR of those five bytes), ETX 0x03. The value is the ten hex
 * characters, upper case. A broken frame is garbage, and an STX inside it starts a new frame, so a good
 * frame right after noise is never lost. CR, LF and spaces between frames (some clones add them) are not
 * garbage; any other byte between frames is.
 */
import type { Decoded, Decoder } from './decoder.js';

const STX = 0x02;
const ETX = 0x03;
const FRAME = 14;

const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const isBlank = (b: number) => b === 0x0d || b === 0x0a || b === 0x20;

/** Builds a frame for a ten-hex-character value (used by tests, benchmarks and the simulator). */
export function encodeRdm6300(value: string): Buffer {
  if (!/^[0-9a-fA-F]{10}$/.test(value)) throw new RangeError('an RDM6300 value is ten hex characters');
  const bytes = Buffer.from(value, 'hex');
  const sum = bytes.reduce((x, b) => x ^ b, 0);
  return Buffer.concat([
    Buffer.from([STX]),
    Buffer.from(value.toUpperCase() + sum.toString(16).padStart(2, '0').toUpperCase(), 'ascii'),
    Buffer.from([ETX]),
  ]);
}

export function checkRdm6300(frame: readonly number[]): Decoded {
  if (frame[FRAME - 1] !== ETX) return { kind: 'garbage', reason: 'RDM6300 frame without ETX', bytes: frame.length };
  const text = String.fromCharCode(...frame.slice(1, FRAME - 1));
  const bytes = Buffer.from(text, 'hex');
  const sum = bytes.subarray(0, 5).reduce((x, b) => x ^ b, 0);
  if (sum !== bytes[5]) return { kind: 'garbage', reason: 'RDM6300 checksum mismatch', bytes: frame.length };
  return { kind: 'value', value: text.slice(0, 10).toUpperCase() };
}

export function createRdm6300Decoder(): Decoder {
  let frame: number[] = [];
  let junk = 0;

  const flushJunk = (out: Decoded[]) => {
    if (junk) out.push({ kind: 'garbage', reason: 'bytes outside an RDM6300 frame', bytes: junk });
    junk = 0;
  };

  return {
    get pending() {
      return frame.length > 0;
    },
    push(chunk) {
      const out: Decoded[] = [];
      for (const b of chunk) {
        if (frame.length === 0) {
          if (b === STX) {
            flushJunk(out);
            frame.push(b);
          } else if (!isBlank(b)) junk++;
          continue;
        }
        if (frame.length < FRAME - 1 ? isHex(b) : b === ETX) {
          frame.push(b);
          if (frame.length === FRAME) {
            out.push(checkRdm6300(frame));
            frame = [];
          }
          continue;
        }
        // A broken frame; a new STX may be the start of the good frame that follows.
        out.push({ kind: 'garbage', reason: 'malformed RDM6300 frame', bytes: frame.length });
        frame = b === STX ? [b] : [];
        if (b !== STX) junk++;
      }
      flushJunk(out);
      return out;
    },
    reset() {
      const dropped = frame.length;
      frame = [];
      return dropped ? [{ kind: 'garbage', reason: 'unfinished RDM6300 frame', bytes: dropped }] : [];
    },
  };
}
