/**
 * What every reader protocol decoder has in common. A decoder is fed the bytes (or reports) as they
 * arrive, in chunks of any size, and returns what those chunks completed: card values and garbage.
 * Decoders are pure state machines: no timers, no I/O, and they never throw on any input.
 */
import { Transform } from 'node:stream';

export type Decoded = { kind: 'value'; value: string } | { kind: 'garbage'; reason: string; bytes: number };

export interface Decoder<Chunk = Uint8Array> {
  push(chunk: Chunk): Decoded[];
  /** Drops a partly received frame; returns garbage for it if there was one. */
  reset(): Decoded[];
  /** True while a frame has started but not finished (drivers time such frames out). */
  readonly pending: boolean;
}

/** Wraps a decoder as an object-mode Transform stream (bytes in, Decoded out), for piping from a port. */
export function decoderStream(decoder: Decoder): Transform {
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      for (const d of decoder.push(chunk)) this.push(d);
      done();
    },
  });
}

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
