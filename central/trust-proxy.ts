/**
 * Which reverse proxies central believes about the client's address and scheme (X-Forwarded-For,
 * X-Forwarded-Proto). Behind a proxy every request comes from the proxy's address, so the staff
 * sign-in lockout would lock out everyone at once, and the session cookie would lose `Secure`.
 *
 * Only named proxies are trusted, never "any": a client that can reach central directly could then
 * claim any address in X-Forwarded-For and never be locked out.
 */
import { isIP } from 'node:net';

/** Names that proxy-addr (Fastify's trustProxy) understands for address ranges. */
const RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export class TrustProxyError extends Error {
  override name = 'TrustProxyError';
  constructor(readonly entry: string) {
    super(
      `"${entry}" is not a proxy address: give an IP address (10.0.0.5), a CIDR range (10.0.0.0/24), or loopback, linklocal or uniquelocal.`,
    );
  }
}

function isEntry(entry: string): boolean {
  if (RANGES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Checks and normalises the trusted proxies (comma-separated lists allowed); throws TrustProxyError. */
export function parseTrustProxy(entries: readonly string[]): string[] {
  const list = entries
    .flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of list) if (!isEntry(entry)) throw new TrustProxyError(entry);
  return list;
}
