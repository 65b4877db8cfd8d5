/**
 * The staff PIN lockout and slow-down policy (issue #12, finding 9), as a function of the wrong PINs the
 * store counted: per (card, source), where a source is a terminal or a dashboard client address, and per
 * card across all sources. central/store/staff-lockout.ts keeps the counts in the database.
 *
 * - STAFF_PIN_MAX_FAILURES wrong PINs from one source within STAFF_PIN_WINDOW_MS lock that card at
 *   that source until the window ends; the same card still works at every other terminal and address,
 *   so a stolen terminal token cannot lock a member of staff out everywhere.
 * - Across all sources, once a card has CARD_SLOW_AFTER wrong PINs in the window, every further try
 *   for it must wait CARD_DELAY_MS after the last wrong one: guessing slows to a few tries a minute
 *   wherever it comes from, and the right PIN still works after a short wait (a delay, not a lock).
 */

export const STAFF_PIN_MAX_FAILURES = 10;
export const STAFF_PIN_WINDOW_MS = 15 * 60_000;
/** Wrong PINs for one card, from anywhere, before every try for it is slowed down. */
export const CARD_SLOW_AFTER = 20;
export const CARD_DELAY_MS = 20_000;

/** Why a PIN cannot be checked now, and for how long (seconds, at least 1). */
export type PinGate = { state: 'open'; triesLeft: number } | { state: 'locked' | 'slowed'; retryAfterS: number };

/** One source's wrong PINs for a card: how many, since the first of them. */
export interface SourceFailures {
  failures: number;
  sinceMs: number;
}

/** A card's wrong PINs from every source in the window, and when the last was. */
export interface CardFailures {
  failures: number;
  lastMs: number;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Failures older than this no longer count (a source's count, a card's total). */
export const windowStartMs = (nowMs: number): number => nowMs - STAFF_PIN_WINDOW_MS;

/** Whether a source's count still counts at `nowMs`: its window, started at its first failure, is open. */
export function stillCounts(own: SourceFailures | null | undefined, nowMs: number): SourceFailures | null {
  return own && nowMs < own.sinceMs + STAFF_PIN_WINDOW_MS ? own : null;
}

/** Whether a PIN may be checked at `nowMs`, given this source's count (still counting) and the card's totals. */
export function pinGateOf(own: SourceFailures | null, total: CardFailures, nowMs: number): PinGate {
  if (own && own.failures >= STAFF_PIN_MAX_FAILURES)
    return { state: 'locked', retryAfterS: seconds(own.sinceMs + STAFF_PIN_WINDOW_MS - nowMs) };
  if (total.failures >= CARD_SLOW_AFTER && nowMs < total.lastMs + CARD_DELAY_MS)
    return { state: 'slowed', retryAfterS: seconds(total.lastMs + CARD_DELAY_MS - nowMs) };
  return { state: 'open', triesLeft: STAFF_PIN_MAX_FAILURES - (own?.failures ?? 0) };
}

/** The source's count after one more wrong PIN at `nowMs` (a new window when the old one had closed). */
export function afterFailure(own: SourceFailures | null, nowMs: number): SourceFailures {
  return own ? { failures: own.failures + 1, sinceMs: own.sinceMs } : { failures: 1, sinceMs: nowMs };
}

/** Whether staff are alerted after a wrong PIN: the source locked the card, or the card reached the slow-down. */
export const alertsStaff = (gate: PinGate, total: CardFailures): boolean =>
  gate.state === 'locked' || total.failures >= CARD_SLOW_AFTER;
