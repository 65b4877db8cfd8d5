/**
 * Fixed-length binary frames, described by configuration (kiosk-config/readers.ts, BinaryFrameConfig):
 * a header at the start, `length` bytes in all, the card bytes at [dataOffset, dataOffset + dataLength),
 * an optional trailer, and a one-byte checksum (XOR or 8-bit sum) at checksumOffset over
 * [checksumFrom, checksumOffset). The value is the card bytes as upper-case hex.
 * A frame that fails its checks is garbage and the search for a header resumes one byte later, so a good
 * frame hidden behind a false header is still found.
 */
import { toHex, type Decoded, type Decoder } from './decoder.js';

export interface BinaryFrameOptions {
  /** Hex, e.g. "02" or "AA55". */
  header: string;
  length: number;
  dataOffset: number;
  dataLength: number;
  checksum: 'xor' | 'sum8' | 'none';
  /** Negative: counted from the end of the frame (-1 is the last byte). */
  checksumOffset: number;
  checksumFrom: number;
  /** Hex, may be empty. */
  trailer: string;
}

export function frameChecksum(kind: 'xor' | 'sum8', bytes: Uint8Array): number {
  return kind === 'xor' ? bytes.reduce((x, b) => x ^ b, 0) : bytes.reduce((x, b) => (x + b) & 0xff, 0);
}

/** Builds a valid frame around the given card bytes (for tests, benchmarks and documentation examples). */
export function encodeBinaryFrame(o: BinaryFrameOptions, data: Uint8Array, filler = 0): Buffer {
  const frame = Buffer.alloc(o.length, filler);
  Buffer.from(o.header, 'hex').copy(frame, 0);
  Buffer.from(data).copy(frame, o.dataOffset, 0, o.dataLength);
  const trailer = Buffer.from(o.trailer, 'hex');
  trailer.copy(frame, o.length - trailer.length);
  if (o.checksum !== 'none') {
    const at = o.checksumOffset < 0 ? o.length + o.checksumOffset : o.checksumOffset;
    frame[at] = frameChecksum(o.checksum, frame.subarray(o.checksumFrom, at));
  }
  return frame;
}

export function createBinaryDecoder(o: BinaryFrameOptions): Decoder {
  const header = Buffer.from(o.header, 'hex');
  const trailer = Buffer.from(o.trailer, 'hex');
  const sumAt = o.checksumOffset < 0 ? o.length + o.checksumOffset : o.checksumOffset;
  if (
    header.length < 1 ||
    header.length > o.length ||
    o.dataOffset + o.dataLength > o.length ||
    (o.checksum !== 'none' && (sumAt < 0 || sumAt >= o.length || o.checksumFrom >= sumAt))
  ) {
    throw new RangeError(
      'invalid binary frame description (check header, length, dataOffset, dataLength and checksumOffset)',
    );
  }
  let buf = Buffer.alloc(0);

  const check = (frame: Buffer): Decoded => {
    if (trailer.length && !frame.subarray(o.length - trailer.length).equals(trailer))
      return { kind: 'garbage', reason: 'binary frame with a wrong trailer', bytes: o.length };
    if (o.checksum !== 'none' && frameChecksum(o.checksum, frame.subarray(o.checksumFrom, sumAt)) !== frame[sumAt]) {
      return { kind: 'garbage', reason: 'binary frame checksum mismatch', bytes: o.length };
    }
    return { kind: 'value', value: toHex(frame.subarray(o.dataOffset, o.dataOffset + o.dataLength)) };
  };

  /** Length of the longest tail of buf that could be the beginning of a header. */
  const partialHeaderTail = (): number => {
    for (let n = Math.min(header.length - 1, buf.length); n > 0; n--) {
      if (buf.subarray(buf.length - n).equals(header.subarray(0, n))) return n;
    }
    return 0;
  };

  return {
    get pending() {
      return buf.length > 0;
    },
    push(chunk) {
      const out: Decoded[] = [];
      buf = Buffer.concat([buf, chunk]);
      let junk = 0;
      for (;;) {
        const at = buf.indexOf(header);
        if (at < 0) {
          const keep = partialHeaderTail();
          junk += buf.length - keep;
          buf = buf.subarray(buf.length - keep);
          break;
        }
        junk += at;
        buf = buf.subarray(at);
        if (buf.length < o.length) break;
        const d = check(buf.subarray(0, o.length));
        if (d.kind === 'value') {
          if (junk) out.push({ kind: 'garbage', reason: 'bytes outside a binary frame', bytes: junk });
          junk = 0;
          out.push(d);
          buf = buf.subarray(o.length);
        } else {
          out.push(d);
          buf = buf.subarray(1);
        }
      }
      if (junk) out.push({ kind: 'garbage', reason: 'bytes outside a binary frame', bytes: junk });
      // Copy so the retained tail does not pin the caller's chunk.
      buf = Buffer.from(buf);
      return out;
    },
    reset() {
      const dropped = buf.length;
      buf = Buffer.alloc(0);
      return dropped ? [{ kind: 'garbage', reason: 'unfinished binary frame', bytes: dropped }] : [];
    },
  };
}
