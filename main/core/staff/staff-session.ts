/**
 * A staff member at the station: the staff card opens the PIN keypad, the PIN (checked by central, or
 * against the cached credentials while central cannot be reached) opens maintenance mode, and every
 * maintenance action runs only inside it.
 */
import type { MethodInput, MethodOutput } from '../../../shared/kiosk-api.js';
import { CentralRejectedError, CentralUnavailableError, type CentralApi } from '../central-client.js';
import { KioskApiError } from '../kiosk-api-error.js';
import type { Logger } from '../log.js';
import type { SessionState, StaffSession } from '../session/session-state.js';
import { MaintenanceError } from './maintenance.js';
import type { CachedStaff, StaffCredentials } from './staff-credentials.js';
import { StaffPinGuard, type StaffPinPolicy } from './staff-pin.js';

export interface StaffDeskOptions {
  central: CentralApi;
  sessions: SessionState;
  policy: StaffPinPolicy;
  log: Logger;
  /** Staff cards and PINs central accepted, for maintenance mode while central is unreachable. */
  credentials?: StaffCredentials | undefined;
  /** Central did not answer. */
  centralOffline: () => void;
}

type PinAnswer = MethodOutput<'submitStaffPin'>;

export class StaffDesk {
  readonly guard: StaffPinGuard;
  private pinQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: StaffDeskOptions) {
    this.guard = new StaffPinGuard(o.policy);
  }

  /** A staff card was tapped (`offline`: central could not say who it is, the cache knows the card). */
  cardTapped(card: string, offline = false): void {
    const lockedFor = this.guard.lockedForS();
    if (lockedFor > 0) return this.o.sessions.reject('staff_locked', lockedFor);
    this.o.sessions.startStaff(card, offline);
  }

  /** PINs are checked one at a time, so parallel calls cannot all pass the lockout check before any fails. */
  submitPin(input: MethodInput<'submitStaffPin'>): Promise<PinAnswer> {
    const run = this.pinQueue.then(() => this.checkOnePin(input.pin));
    this.pinQueue = run.catch(() => undefined);
    return run;
  }

  /** Runs a maintenance action for the staff member in maintenance mode, in the kiosk API's error terms. */
  async maintenance<T>(fn: (staffName: string) => T | Promise<T>): Promise<T> {
    const st = this.o.sessions.staff;
    if (st?.stage !== 'maintenance')
      throw new KioskApiError('not_in_maintenance', 'Maintenance mode needs a staff card and PIN.');
    st.lastActivity = Date.now();
    try {
      return await fn(st.staffName);
    } catch (err) {
      if (err instanceof MaintenanceError) throw new KioskApiError(err.code, err.message);
      throw err;
    }
  }

  /**
   * Central's staff grant of the staff member in maintenance mode, while it lives (issue #12, finding 7):
   * what a reprint carries to central. Undefined when maintenance mode was opened offline or it expired.
   * The expiry is central's, read on this station's clock: a skewed clock only makes a reprint wait for
   * staff early, or be refused by central and then wait; central alone decides.
   */
  grant(): string | undefined {
    const st = this.o.sessions.staff;
    if (st?.stage !== 'maintenance' || !st.grant) return undefined;
    return Date.parse(st.grant.expiresAt) > Date.now() ? st.grant.token : undefined;
  }

  private async checkOnePin(pin: string): Promise<PinAnswer> {
    const sessions = this.o.sessions;
    const st = sessions.staff;
    if (!st || st.stage !== 'pin') throw new KioskApiError('no_session', 'Tap a staff card first.');
    st.lastActivity = Date.now();
    const lockedFor = this.guard.lockedForS();
    if (lockedFor > 0) {
      sessions.reject('staff_locked', lockedFor);
      return { ok: false, attemptsLeft: 0, lockedForS: lockedFor };
    }
    const { staff, offline, centralLockS, grant } = await this.check(st, pin);
    if (sessions.staff !== st) throw new KioskApiError('no_session', 'The staff session ended.');
    // Central locked (or slowed) this card at this terminal: say so and for how long, not "PIN wrong".
    if (!staff && centralLockS) {
      this.o.log.warn('staff card locked at central for this terminal', { lockedForS: centralLockS });
      sessions.reject('staff_locked', centralLockS);
      return { ok: false, attemptsLeft: 0, lockedForS: centralLockS };
    }
    if (staff) {
      this.guard.succeeded();
      this.o.log.info(
        offline ? 'maintenance mode entered offline (cached staff credentials)' : 'maintenance mode entered',
        { staffId: staff.id },
      );
      sessions.enterMaintenance(st, staff.name, offline, grant);
      return { ok: true, attemptsLeft: this.guard.attemptsLeft() };
    }
    const locked = this.guard.failed();
    this.o.log.warn('wrong staff PIN', { attemptsLeft: this.guard.attemptsLeft() });
    if (locked) {
      sessions.reject('staff_locked', locked);
      return { ok: false, attemptsLeft: 0, lockedForS: locked };
    }
    sessions.push();
    return { ok: false, attemptsLeft: this.guard.attemptsLeft() };
  }

  /**
   * Central checks the PIN and stays the authority: what it accepts is cached, what it refuses is
   * forgotten. Only when central cannot be reached is the PIN checked against the cache.
   */
  private async check(
    st: StaffSession,
    pin: string,
  ): Promise<{
    staff: CachedStaff | null;
    offline: boolean;
    centralLockS?: number;
    grant?: { token: string; expiresAt: string };
  }> {
    const cache = this.o.credentials;
    const offline = () => {
      if (!cache?.knows(st.card))
        throw new KioskApiError('central_unreachable', 'The PIN cannot be checked while central is unreachable.');
      return { staff: cache.check(st.card, pin), offline: true };
    };
    if (st.offline) return offline();
    let answer;
    try {
      answer = await this.o.central.call('verifyStaff', { card: st.card, pin });
    } catch (err) {
      this.o.log.warn('staff verification failed', { error: (err as Error).message });
      const tokenRefused = err instanceof CentralRejectedError && err.status === 401;
      if (!(err instanceof CentralUnavailableError) && !tokenRefused)
        throw new KioskApiError('central_unreachable', 'The PIN cannot be checked right now.');
      if (!tokenRefused) this.o.centralOffline();
      return offline();
    }
    if (answer.ok && answer.staff) {
      cache?.remember(st.card, pin, answer.staff);
      return { staff: answer.staff, offline: false, ...(answer.grant ? { grant: answer.grant } : {}) };
    }
    cache?.forget(st.card);
    if (answer.refused === 'not_this_site')
      throw new KioskApiError(
        'staff_not_this_site',
        "This staff card may not open maintenance on this station (another site's, or a read-only account).",
      );
    return { staff: null, offline: false, ...(answer.retryAfterS ? { centralLockS: answer.retryAfterS } : {}) };
  }
}
