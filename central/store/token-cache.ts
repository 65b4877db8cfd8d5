/**
 * The terminals whose tokens were just checked, so that a station's next requests within `ttlMs` need
 * no query (on PostgreSQL every statement is a round trip; the token is checked at every request).
 * Only tokens that were valid are kept: an unknown token is always looked up, so a new enrollment works
 * at once and guessing fills nothing. A revocation or new token made through this store clears it at
 * once; one made at another instance or by the CLI is in force here within `ttlMs`.
 */
import type { Terminal } from './types.js';

/** At most this many tokens are kept; past it, the cache starts again empty. */
const MAX_ENTRIES = 10_000;

export class TokenCache {
  private readonly entries = new Map<string, { terminal: Terminal; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The terminal a token's hash was found for within `ttlMs`, or undefined (look it up). */
  get(hash: string): Terminal | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (this.clock() < e.until) return e.terminal;
    this.entries.delete(hash);
    return undefined;
  }

  /** Keeps a terminal found by its token's hash, unless caching is off (ttlMs 0). */
  set(hash: string, terminal: Terminal): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { terminal, until: this.clock() + this.ttlMs });
  }

  /** Forgets every token (a terminal was enrolled again or revoked here). */
  clear(): void {
    this.entries.clear();
  }
}
