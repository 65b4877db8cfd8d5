/**
 * Sign-ins through CAS that began at this dashboard: the button hands the browser a random mark (a
 * cookie) that the return from CAS must bring back, once, within 10 minutes. Without it, anyone could
 * sign in at CAS as themselves and send a staff member a link with their own ticket, and the staff
 * member's browser would be signed in to the dashboard as someone else (login CSRF): what they then
 * did would be recorded under the other name. The marks' digests are in the database: the return from
 * CAS may reach another central instance than the one that handed out the mark.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CentralStore } from '../store/types.js';

export const START_TTL_S = 600;
/** A bound on open marks if the button's route is called in a loop (those closest to expiry go first). */
const MAX_OPEN = 20_000;

const digestOf = (mark: string) => createHash('sha256').update(mark).digest('base64url');

export class SignInStarts {
  constructor(
    private readonly store: Pick<CentralStore, 'openCasSignIn' | 'takeCasSignIn'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new mark for a browser about to go to CAS (256 random bits). */
  async start(): Promise<string> {
    const at = this.now().getTime();
    const mark = randomBytes(32).toString('base64url');
    await this.store.openCasSignIn(digestOf(mark), at, at + START_TTL_S * 1000, MAX_OPEN);
    return mark;
  }

  /** Whether the mark is open and unexpired; it is closed either way. */
  async take(mark: string | null): Promise<boolean> {
    if (!mark) return false;
    return this.store.takeCasSignIn(digestOf(mark), this.now().getTime());
  }
}
