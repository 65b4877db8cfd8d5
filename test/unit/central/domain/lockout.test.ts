/** The staff PIN lockout and slow-down policy (central/domain/lockout.ts; issue #12, finding 9). */
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  alertsStaff,
  CARD_DELAY_MS,
  CARD_SLOW_AFTER,
  pinGateOf,
  STAFF_PIN_MAX_FAILURES,
  STAFF_PIN_WINDOW_MS,
  stillCounts,
  windowStartMs,
} from '../../../../central/domain/lockout.js';

const NOW = 1_000_000_000;
const none = { failures: 0, lastMs: 0 };

describe('pinGateOf', () => {
  it('is open with the tries left at this source', () => {
    expect(pinGateOf(null, none, NOW)).toEqual({ state: 'open', triesLeft: STAFF_PIN_MAX_FAILURES });
    expect(pinGateOf({ failures: 3, sinceMs: NOW - 1000 }, none, NOW)).toEqual({
      state: 'open',
      triesLeft: STAFF_PIN_MAX_FAILURES - 3,
    });
  });
  it('locks the card at a source that made the maximum wrong tries, until its window ends', () => {
    const own = { failures: STAFF_PIN_MAX_FAILURES, sinceMs: NOW - 60_000 };
    expect(pinGateOf(own, none, NOW)).toEqual({ state: 'locked', retryAfterS: (STAFF_PIN_WINDOW_MS - 60_000) / 1000 });
  });
  it('slows every source once the card has many wrong tries, until the delay after the last', () => {
    const total = { failures: CARD_SLOW_AFTER, lastMs: NOW - 5_000 };
    expect(pinGateOf(null, total, NOW)).toEqual({ state: 'slowed', retryAfterS: (CARD_DELAY_MS - 5_000) / 1000 });
    expect(pinGateOf(null, total, NOW - 5_000 + CARD_DELAY_MS).state).toBe('open');
  });
  it('never asks to wait less than a second', () => {
    const own = { failures: STAFF_PIN_MAX_FAILURES, sinceMs: NOW - STAFF_PIN_WINDOW_MS + 1 };
    expect(pinGateOf(own, none, NOW)).toEqual({ state: 'locked', retryAfterS: 1 });
  });
});

describe('counting', () => {
  it('a source count stops counting when its window ends', () => {
    const own = { failures: 4, sinceMs: NOW };
    expect(stillCounts(own, NOW + STAFF_PIN_WINDOW_MS - 1)).toBe(own);
    expect(stillCounts(own, NOW + STAFF_PIN_WINDOW_MS)).toBeNull();
    expect(windowStartMs(NOW)).toBe(NOW - STAFF_PIN_WINDOW_MS);
  });
  it('a wrong PIN adds to the open window, or starts one', () => {
    expect(afterFailure({ failures: 2, sinceMs: NOW - 10 }, NOW)).toEqual({ failures: 3, sinceMs: NOW - 10 });
    expect(afterFailure(null, NOW)).toEqual({ failures: 1, sinceMs: NOW });
  });
  it('staff are alerted on a lock or on the slow-down, not on every wrong PIN', () => {
    expect(alertsStaff({ state: 'open', triesLeft: 5 }, { failures: 3, lastMs: NOW })).toBe(false);
    expect(alertsStaff({ state: 'locked', retryAfterS: 60 }, { failures: 10, lastMs: NOW })).toBe(true);
    expect(alertsStaff({ state: 'open', triesLeft: 9 }, { failures: CARD_SLOW_AFTER, lastMs: NOW })).toBe(true);
  });
});
