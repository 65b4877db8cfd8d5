/** Deterministic random input for the decoder fuzz tests, so a failure can be replayed by seed. */
export { rng } from '../../helpers/seeded-random.js';

export function randomBytes(next: () => number, n: number, alphabet?: readonly number[]): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++)
    b[i] = alphabet ? alphabet[Math.floor(next() * alphabet.length)]! : Math.floor(next() * 256);
  return b;
}

/** Splits a buffer into chunks of random sizes (1..maxChunk), as a serial port delivers them. */
export function randomChunks(next: () => number, data: Buffer, maxChunk = 9): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length;) {
    const n = 1 + Math.floor(next() * maxChunk);
    out.push(data.subarray(i, i + n));
    i += n;
  }
  return out;
}

export const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);
