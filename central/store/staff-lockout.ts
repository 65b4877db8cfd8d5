/**
 * Wrong staff PINs, counted per (card, source) in the database (issue #12, finding 9; issue #16 wants
 * stateful limits in the database). A source is the terminal for `/v1/staff/verify` and the client
 * address for the dashboard sign-in (security-alerts.ts names them). The lockout and slow-down policy
 * is central/domain/lockout.ts; this module reads and writes the counts and raises the staff alert
 * (`pin_guessing`) on the source's terminal when the policy says so.
 *
 * Counters are per card string whether or not it is a staff card, so the answers do not tell which
 * cards are staff cards.
 */
import type Database from 'better-sqlite3';
import { maskCard } from './people.js';
import { raiseSecurityAlert } from './security-alerts.js';
import {
  afterFailure,
  alertsStaff,
  pinGateOf,
  stillCounts,
  windowStartMs,
  type CardFailures,
  type PinGate,
  type SourceFailures,
} from '../domain/lockout.js';

interface SourceRow {
  failures: number;
  since_ms: number;
}

function sourceRow(db: Database.Database, card: string, source: string, nowMs: number): SourceFailures | null {
  const row = db
    .prepare('SELECT failures, since_ms FROM staff_pin_failures WHERE card = ? AND source = ?')
    .get(card, source) as SourceRow | undefined;
  return stillCounts(row && { failures: row.failures, sinceMs: row.since_ms }, nowMs);
}

function cardTotals(db: Database.Database, card: string, nowMs: number): CardFailures {
  const row = db
    .prepare(
      'SELECT COALESCE(SUM(failures), 0) AS failures, COALESCE(MAX(last_ms), 0) AS last FROM staff_pin_failures WHERE card = ? AND since_ms > ?',
    )
    .get(card, windowStartMs(nowMs)) as { failures: number; last: number };
  return { failures: row.failures, lastMs: row.last };
}

/** Whether a PIN for `card` from `source` may be checked at `nowMs`. */
export function pinGate(db: Database.Database, card: string, source: string, nowMs: number): PinGate {
  return pinGateOf(sourceRow(db, card, source, nowMs), cardTotals(db, card, nowMs), nowMs);
}

/** Counts a wrong PIN; answers the gate the next try meets (locked when this one was the last allowed). */
export function recordPinFailure(db: Database.Database, card: string, source: string, nowMs: number): PinGate {
  return db
    .transaction((): PinGate => {
      // Forget what is too old to count: the table holds one window of failures at most.
      db.prepare('DELETE FROM staff_pin_failures WHERE last_ms <= ?').run(windowStartMs(nowMs));
      const next = afterFailure(sourceRow(db, card, source, nowMs), nowMs);
      db.prepare(
        `INSERT INTO staff_pin_failures (card, source, failures, since_ms, last_ms) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (card, source) DO UPDATE SET failures = ?, since_ms = ?, last_ms = excluded.last_ms`,
      ).run(card, source, nowMs, nowMs, next.failures, next.sinceMs);
      const gate = pinGate(db, card, source, nowMs);
      const total = cardTotals(db, card, nowMs);
      const masked = maskCard(card);
      if (alertsStaff(gate, total))
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
