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
import type { Sql } from '../../lib/sql/types.js';
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

async function sourceRow(db: Sql, card: string, source: string, nowMs: number): Promise<SourceFailures | null> {
  const row = (await db.get('SELECT failures, since_ms FROM staff_pin_failures WHERE card = ? AND source = ?', [
    card,
    source,
  ])) as SourceRow | undefined;
  return stillCounts(row && { failures: row.failures, sinceMs: row.since_ms }, nowMs);
}

async function cardTotals(db: Sql, card: string, nowMs: number): Promise<CardFailures> {
  const row = (await db.get(
    'SELECT COALESCE(SUM(failures), 0) AS failures, COALESCE(MAX(last_ms), 0) AS last FROM staff_pin_failures WHERE card = ? AND since_ms > ?',
    [card, windowStartMs(nowMs)],
  )) as { failures: number; last: number };
  return { failures: row.failures, lastMs: row.last };
}

/** Whether a PIN for `card` from `source` may be checked at `nowMs`. */
export async function pinGate(db: Sql, card: string, source: string, nowMs: number): Promise<PinGate> {
  return pinGateOf(await sourceRow(db, card, source, nowMs), await cardTotals(db, card, nowMs), nowMs);
}

/** Counts a wrong PIN; answers the gate the next try meets (locked when this one was the last allowed). */
export async function recordPinFailure(sql: Sql, card: string, source: string, nowMs: number): Promise<PinGate> {
  return sql.transaction(async (db): Promise<PinGate> => {
    // Forget what is too old to count: the table holds one window of failures at most.
    await db.run('DELETE FROM staff_pin_failures WHERE last_ms <= ?', [windowStartMs(nowMs)]);
    const next = afterFailure(await sourceRow(db, card, source, nowMs), nowMs);
    await db.run(
      `INSERT INTO staff_pin_failures (card, source, failures, since_ms, last_ms) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (card, source) DO UPDATE SET failures = ?, since_ms = ?, last_ms = excluded.last_ms`,
      [card, source, nowMs, nowMs, next.failures, next.sinceMs],
    );
    const gate = await pinGate(db, card, source, nowMs);
    const total = await cardTotals(db, card, nowMs);
    const masked = maskCard(card);
    if (alertsStaff(gate, total))
      await raiseSecurityAlert(
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
  });
}

/** The right PIN from `source`: its own count starts again (other sources' counts stay). */
export async function clearPinFailures(db: Sql, card: string, source: string): Promise<void> {
  await db.run('DELETE FROM staff_pin_failures WHERE card = ? AND source = ?', [card, source]);
}
