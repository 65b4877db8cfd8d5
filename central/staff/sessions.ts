/**
 * Staff dashboard sign-in state, in memory: random session tokens that expire after 8 hours, and a
 * limit on failed sign-ins per client address (5 in 5 minutes). A restart signs everyone out.
 */
import { randomBytes } from 'node:crypto';

export interface StaffMember {
  id: string;
  name: string;
}

export const SESSION_TTL_S = 8 * 3600;

export class StaffSessions {
  private readonly sessions = new Map<string, { staff: StaffMember; expires: number }>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly ttlS = SESSION_TTL_S,
  ) {}

  /** A new session for `staff`; the token is 256 random bits. */
  create(staff: StaffMember): string {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { staff, expires: this.now().getTime() + this.ttlS * 1000 });
    return token;
  }

  /** The staff member of an unexpired session, or null. */
  get(token: string | null): StaffMember | null {
    const s = token ? this.sessions.get(token) : undefined;
    if (!s) return null;
    if (s.expires <= this.now().getTime()) {
      this.sessions.delete(token!);
      return null;
    }
    return s.staff;
  }

  end(token: string | null): void {
    if (token) this.sessions.delete(token);
  }

  private prune(): void {
    const now = this.now().getTime();
    for (const [token, s] of this.sessions) if (s.expires <= now) this.sessions.delete(token);
  }
}

/** Failed sign-ins per client address in a sliding window; at `max` failures the address must wait. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    readonly max = 5,
    readonly windowS = 300,
  ) {}

  private recent(address: string): number[] {
    const since = this.now().getTime() - this.windowS * 1000;
    const kept = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(address, kept);
    else this.failures.delete(address);
    return kept;
  }

  /** Seconds until `address` may try again, or 0 if it may now. */
  waitS(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.max) return 0;
    const freeAt = recent[recent.length - this.max]! + this.windowS * 1000;
    return Math.max(1, Math.ceil((freeAt - this.now().getTime()) / 1000));
  }

  /** Records a failure; answers how many tries are left (0: locked out now). */
  fail(address: string): number {
    const recent = this.recent(address);
    recent.push(this.now().getTime());
    this.failures.set(address, recent);
    return Math.max(0, this.max - recent.length);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
