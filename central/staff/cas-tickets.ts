/**
 * The service tickets central has presented to CAS, so a ticket is used once even if a CAS server
 * (misconfigured, or an old one) would validate it again: a ticket read from a browser history, a proxy
 * log or a Referer must not sign anyone in a second time. Only SHA-256 digests are kept, in memory, for
 * longer than any CAS server lets a ticket live (minutes); a restart forgets them, and CAS's own single
 * use then still holds.
 */
import { createHash } from 'node:crypto';

const KEEP_MS = 60 * 60_000;
/** A bound on memory under a flood of made-up tickets (the sign-in limiter slows those anyway). */
const MAX_KEPT = 50_000;

export class UsedTickets {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Records the ticket; false when it was presented before (refuse it, do not ask CAS). */
  firstUse(ticket: string): boolean {
    const at = this.now().getTime();
    for (const [digest, when] of this.seen) {
      if (when > at - KEEP_MS && this.seen.size < MAX_KEPT) break;
      this.seen.delete(digest); // Oldest first (insertion order): expired, or the oldest beyond the bound.
    }
    const digest = createHash('sha256').update(ticket).digest('base64url');
    if (this.seen.has(digest)) return false;
    this.seen.set(digest, at);
    return true;
  }
}
