/**
 * Sign-ins through CAS that began at this dashboard: the button hands the browser a random mark (a
 * cookie) that the return from CAS must bring back, once, within 10 minutes. Without it, anyone could
 * sign in at CAS as themselves and send a staff member a link with their own ticket, and the staff
 * member's browser would be signed in to the dashboard as someone else (login CSRF): what they then
 * did would be recorded under the other name. In memory: a restart only means starting again.
 */
import { randomBytes } from 'node:crypto';

export const START_TTL_S = 600;
/** A bound on memory if the button's route is called in a loop (the oldest marks go first). */
const MAX_OPEN = 20_000;

export class SignInStarts {
  private readonly open = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** A new mark for a browser about to go to CAS (256 random bits). */
  start(): string {
    const at = this.now().getTime();
    for (const [mark, expires] of this.open) {
      if (expires > at && this.open.size < MAX_OPEN) break;
      this.open.delete(mark);
    }
    const mark = randomBytes(32).toString('base64url');
    this.open.set(mark, at + START_TTL_S * 1000);
    return mark;
  }

  /** Whether the mark is open and unexpired; it is closed either way. */
  take(mark: string | null): boolean {
    if (!mark) return false;
    const expires = this.open.get(mark);
    this.open.delete(mark);
    return expires !== undefined && expires > this.now().getTime();
  }
}
