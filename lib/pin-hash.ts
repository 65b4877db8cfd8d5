/**
 * Staff PINs at rest: scrypt with explicit parameters, four times Node's default work (N = 2^16,
 * r = 8: 64 MiB and about 150 ms per check), so that an offline guess of every 6-digit PIN from a
 * copied database takes days of computer time per PIN instead of hours. The parameters are stored
 * with the hash (`scrypt$N$r$p$salt$hash`): a later raise keeps old hashes checkable, and a hash made
 * with weaker parameters (or the old `salt:hash` form, Node's defaults) is reported stale so the
 * caller re-hashes it on the next right PIN.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export const PIN_SCRYPT = { N: 1 << 16, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** Node's scrypt defaults, which hashes in the old `salt:hash` form were made with. */
const LEGACY = { N: 1 << 14, r: 8, p: 1 } as const;

const maxmem = (p: { N: number; r: number }) => 128 * p.N * p.r * 2;

export function hashPin(pin: string, salt = randomBytes(16)): string {
  const { N, r, p } = PIN_SCRYPT;
  const hash = scryptSync(pin, salt, KEY_BYTES, { N, r, p, maxmem: maxmem(PIN_SCRYPT) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Whether `pin` matches `stored`, and whether `stored` was made with weaker parameters than today's. */
export function checkPin(pin: string, stored: string): { ok: boolean; stale: boolean } {
  const parsed = parse(stored);
  if (!parsed) return { ok: false, stale: false };
  const { params, salt, hash } = parsed;
  // Bounds keep a tampered row from asking for gigabytes or hours.
  if (params.N > 1 << 20 || params.r > 32 || params.p > 16 || hash.length !== KEY_BYTES)
    return { ok: false, stale: false };
  const got = scryptSync(pin, salt, KEY_BYTES, { ...params, maxmem: maxmem(params) });
  const ok = timingSafeEqual(got, hash);
  const stale = params.N * params.r * params.p < PIN_SCRYPT.N * PIN_SCRYPT.r * PIN_SCRYPT.p;
  return { ok, stale };
}

function parse(stored: string): { params: { N: number; r: number; p: number }; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length === 6 && parts[0] === 'scrypt') {
    const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
    if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || (N & (N - 1)) !== 0) return null;
    return { params: { N, r, p }, salt: Buffer.from(parts[4]!, 'hex'), hash: Buffer.from(parts[5]!, 'hex') };
  }
  const [salt, hash] = stored.split(':');
  if (!salt || !hash) return null;
  return { params: LEGACY, salt: Buffer.from(salt, 'hex'), hash: Buffer.from(hash, 'hex') };
}
