/**
 * Wrong staff PINs, counted per (card, source) in the database (issue #12, finding 9; issue #16 wants
 * stateful limits in the database). A source is the terminal for `/v1/staff/verify` and the client
 * address for the dashboard sign-in (security-alerts.ts names them).
 *
 * - STAFF_PIN_MAX_FAILURES wrong PINs from one source within STAFF_PIN_WINDOW_MS lock that card at
 *   that source until the window ends; the same card still works at every other terminal and address,
 *   so a stolen terminal token cannot lock a member of staff out everywhere.
 * - Across all sources, once a card has CARD_SLOW_AFTER wrong PINs in the window, every further try
 *   for it must wait CARD_DELAY_MS after the last wrong one: guessing slows to a few tries a minute
 *   wherever it comes from, and the right PIN still works after a short wait (a delay, not a lock).
 * - Staff see an alert (`pin_guessing`) on the source's terminal when a source locks a card, and when
 *   a card reaches the slow-down.
 *
 * Counters are per card string whether or not it is a staff card, so the answers do not tell which
 * cards are staff cards.
 */
import type Database from 'better-sqlite3';
import { maskCard } from './people.js';
import { raiseSecurityAlert } from './security-alerts.js';

export const STAFF_PIN_MAX_FAILURES = 10;
export const STAFF_PIN_WINDOW_MS = 15 * 60_000;
/** Wrong PINs for one card, from anywhere, before every try for it is slowed down. */
export const CARD_SLOW_AFTER = 20;
export const CARD_DELAY_MS = 20_000;

/** Why a PIN cannot be checked now, and for how long (seconds, at least 1). */
export type PinGate = { state: 'open'; triesLeft: number } | { state: 'locked' | 'slowed'; retryAfterS: number };

interface SourceRow {
  failures: number;
  since_ms: number;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function sourceRow(db: Database.Database, card: string, source: string, nowMs: number): SourceRow | null {
  const row = db
    .prepare('SELECT failures, since_ms FROM staff_pin_failures WHERE card = ? AND source = ?')
    .get(card, source) as SourceRow | undefined;
  return row && nowMs < row.since_ms + STAFF_PIN_WINDOW_MS ? row : null;
}

function cardTotals(db: Database.Database, card: string, nowMs: number): { failures: number; lastMs: number } {
  const row = db
    .prepare(
      'SELECT COALESCE(SUM(failures), 0) AS failures, COALESCE(MAX(last_ms), 0) AS last FROM staff_pin_failures WHERE card = ? AND since_ms > ?',
    )
    .get(card, nowMs - STAFF_PIN_WINDOW_MS) as { failures: number; last: number };
  return { failures: row.failures, lastMs: row.last };
}

/** Whether a PIN for `card` from `source` may be checked at `nowMs`. */
export function pinGate(db: Database.Database, card: string, source: string, nowMs: number): PinGate {
  const own = sourceRow(db, card, source, nowMs);
  if (own && own.failures >= STAFF_PIN_MAX_FAILURES)
    return { state: 'locked', retryAfterS: seconds(own.since_ms + STAFF_PIN_WINDOW_MS - nowMs) };
  const total = cardTotals(db, card, nowMs);
  if (total.failures >= CARD_SLOW_AFTER && nowMs < total.lastMs + CARD_DELAY_MS)
    return { state: 'slowed', retryAfterS: seconds(total.lastMs + CARD_DELAY_MS - nowMs) };
  return { state: 'open', triesLeft: STAFF_PIN_MAX_FAILURES - (own?.failures ?? 0) };
}

/** Counts a wrong PIN; answers the gate the next try meets (locked when this one was the last allowed). */
export function recordPinFailure(db: Database.Database, card: string, source: string, nowMs: number): PinGate {
  return db
    .transaction((): PinGate => {
      // Forget what is too old to count: the table holds one window of failures at most.
      db.prepare('DELETE FROM staff_pin_failures WHERE last_ms <= ?').run(nowMs - STAFF_PIN_WINDOW_MS);
      const own = sourceRow(db, card, source, nowMs);
      db.prepare(
        `INSERT INTO staff_pin_failures (card, source, failures, since_ms, last_ms) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (card, source) DO UPDATE SET failures = ?, since_ms = ?, last_ms = excluded.last_ms`,
      ).run(card, source, nowMs, nowMs, own ? own.failures + 1 : 1, own ? own.since_ms : nowMs);
      const gate = pinGate(db, card, source, nowMs);
      const total = cardTotals(db, card, nowMs);
      const masked = maskCard(card);
      if (gate.state === 'locked' || total.failures >= CARD_SLOW_AFTER)
        raiseSecurityAlert(
          db,
          source,
          'pin_guessing',
          {
            zh: `员工卡 ${masked} 的 PIN 正在被猜测：15 分钟内错误 ${total.failures} 次`,
            en: `Someone is guessing the PIN of staff card ${masked}: ${total.failures} wrong PINs in 15 minutes`,
          },
          nowMs,
        );
      return gate;
    })
    .immediate();
}

/** The right PIN from `source`: its own count starts again (other sources' counts stay). */
export function clearPinFailures(db: Database.Database, card: string, source: string): void {
  db.prepare('DELETE FROM staff_pin_failures WHERE card = ? AND source = ?').run(card, source);
}
