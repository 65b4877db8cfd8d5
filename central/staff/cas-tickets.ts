/**
 * The service tickets central has presented to CAS, so a ticket is used once even if a CAS server
 * (misconfigured, or an old one) would validate it again: a ticket read from a browser history, a proxy
 * log or a Referer must not sign anyone in a second time. Only SHA-256 digests are kept, in the database
 * (every central instance refuses a ticket any of them has seen), for longer than any CAS server lets a
 * ticket live (minutes).
 */
import { createHash } from 'node:crypto';
import type { CentralStore } from '../store/types.js';

const KEEP_MS = 60 * 60_000;

export class UsedTickets {
  constructor(
    private readonly store: Pick<CentralStore, 'firstUseOfCasTicket'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records the ticket; false when it was presented before (refuse it, do not ask CAS). */
  firstUse(ticket: string): Promise<boolean> {
    const at = this.now().getTime();
    const digest = createHash('sha256').update(ticket).digest('base64url');
    return this.store.firstUseOfCasTicket(digest, at, at - KEEP_MS);
  }
}
