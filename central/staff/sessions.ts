/**
 * Staff dashboard sign-in state: sessions that expire after 8 hours, kept in central's database (every
 * central instance knows them; central/store/staff-sessions.ts), and a limit on failed sign-ins per
 * client address (5 in 5 minutes), also in the database.
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

/**
 * Failed sign-ins per client address in a sliding window; at `max` failures the address must wait. The
 * failures are in the database, so an address guessing through several central instances meets one limit.
 */
export class LoginLimiter {
  constructor(
    private readonly store: Pick<CentralStore, 'signInFailures' | 'recordSignInFailure' | 'clearSignInFailures'>,
    private readonly now: () => Date = () => new Date(),
    readonly max = 5,
    readonly windowS = 300,
  ) {}

  private recent(address: string): Promise<number[]> {
    return this.store.signInFailures(address, this.now().getTime() - this.windowS * 1000 + 1);
  }

  /** Seconds until `address` may try again, or 0 if it may now. */
  async waitS(address: string): Promise<number> {
    const recent = await this.recent(address);
    if (recent.length < this.max) return 0;
    const freeAt = recent[recent.length - this.max]! + this.windowS * 1000;
    return Math.max(1, Math.ceil((freeAt - this.now().getTime()) / 1000));
  }

  /** Records a failure; answers how many tries are left (0: locked out now). */
  async fail(address: string): Promise<number> {
    const at = this.now().getTime();
    await this.store.recordSignInFailure(address, at, at - this.windowS * 1000 + 1);
    return Math.max(0, this.max - (await this.recent(address)).length);
  }

  succeed(address: string): Promise<void> {
    return this.store.clearSignInFailures(address);
  }
}
