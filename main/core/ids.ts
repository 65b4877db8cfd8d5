import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, 12 bits `rand_a`, then 62 random bits. Job ids
 * sort by creation time, so the queue can be scanned in order without a separate sequence, and ids
 * made on different kiosks never collide.
 */
function format(ms: number, randA: number, tail: Buffer): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((randA >> 8) & 0x0f);
  b[7] = randA & 0xff;
  tail.copy(b, 8, 0, 8);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One id for the time given; ids made in the same millisecond are unique but in no particular order. */
export function uuidv7(now = Date.now(), random = randomBytes(10)): string {
  return format(now, random.readUInt16BE(0) & 0x0fff, random.subarray(2));
}

/**
 * A generator whose ids strictly increase, also within one millisecond and when the clock steps back
 * (RFC 9562 method 1: `rand_a` is a counter that starts at a random value with headroom, and the
 * timestamp moves on if it runs out). The job store uses one, so ids sort in creation order.
 */
export function uuidv7Sequence(random: (n: number) => Buffer = randomBytes): (now?: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (now = Date.now()) => {
    if (now > lastMs) {
      lastMs = now;
      counter = random(2).readUInt16BE(0) & 0x07ff;
    } else if (++counter > 0x0fff) {
      lastMs++;
      counter = random(2).readUInt16BE(0) & 0x07ff;
    }
    return format(lastMs, counter, random(8));
  };
}
