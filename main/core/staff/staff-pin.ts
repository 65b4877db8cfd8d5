/**
 * PIN attempts for maintenance mode. A station allows a few wrong PINs, then refuses every PIN for a
 * while (per station, not per card: whoever is guessing can just tap another staff card). The count
 * resets after a correct PIN or once the lockout is over. Memory only: a restart ends a lockout,
 * which is acceptable because a restart needs physical access anyway.
 */
import type { ConfigOverrides } from '../../../kiosk-config/schema.js';

export interface StaffPinPolicy {
  maxAttempts: number;
  lockoutS: number;
}

/** Three wrong PINs lock the keypad for five minutes, unless the configuration's `overrides` say otherwise. */
export function staffPinPolicy(overrides: ConfigOverrides): StaffPinPolicy {
  return { maxAttempts: overrides.staffPinAttempts ?? 3, lockoutS: overrides.staffLockoutS ?? 300 };
}

export class StaffPinGuard {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly policy: StaffPinPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds left in the lockout, 0 when PINs are accepted. */
  lockedForS(): number {
    const left = this.lockedUntil - this.now();
    if (left <= 0 && this.lockedUntil) {
      this.lockedUntil = 0;
      this.failures = 0;
    }
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  attemptsLeft(): number {
    return Math.max(0, this.policy.maxAttempts - this.failures);
  }

  succeeded(): void {
    this.failures = 0;
  }

  /** Records a wrong PIN; returns the lockout in seconds if this one started it. */
  failed(): number {
    this.failures++;
    if (this.failures >= this.policy.maxAttempts) {
      this.lockedUntil = this.now() + this.policy.lockoutS * 1000;
      return this.policy.lockoutS;
    }
    return 0;
  }
}
