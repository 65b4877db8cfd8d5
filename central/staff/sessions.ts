/**
 * Staff dashboard sign-in state: sessions that expire after 8 hours, kept in central's database (every
 * central instance knows them; central/store/staff-sessions.ts), and a limit on failed sign-ins per
 * client address (5 in 5 minutes), kept in this instance's memory.
 */
import type { CentralStore, SignInVia } from '../store/types.js';

export interface StaffMember {
  id: string;
  name: string;
}

export const SESSION_TTL_S = 8 * 3600;

/** The dashboard's sessions, over the store. */
export class StaffSessions {
  constructor(
    private readonly store: Pick<CentralStore, 'createStaffSession' | 'staffSession' | 'endStaffSession'>,
    private readonly ttlS = SESSION_TTL_S,
  ) {}

  /** A new session for `staff`; the token is 256 random bits. With `via`, the sign-in is audited with it. */
  create(staff: StaffMember, via?: SignInVia): Promise<string> {
    return this.store.createStaffSession({ id: staff.id, name: staff.name }, this.ttlS * 1000, via);
  }

  /** The staff member of an unexpired session, or null. */
  async get(token: string | null): Promise<StaffMember | null> {
    return token ? this.store.staffSession(token) : null;
  }

  async end(token: string | null): Promise<void> {
    if (token) await this.store.endStaffSession(token);
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
