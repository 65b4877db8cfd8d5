/**
 * What a terminal (or a dashboard client address) did that staff should see: a staff card being
 * guessed, card lookups above a human rate (issue #12, findings 8 and 9). One row per (source, cause),
 * updated in place with the latest message, so an attacker cannot grow the table with attempts; the
 * dashboard shows a row for SECURITY_ALERT_SHOWN_MS after it was last raised. Nothing else touches
 * `security_alerts`.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { LocalizedText } from '../../shared/domain.js';

/** How long an alert stays on the dashboard after the last attempt that raised it. */
export const SECURITY_ALERT_SHOWN_MS = 60 * 60_000;

/** `terminal:<id>` for a terminal's API calls, `address:<ip>` for the dashboard sign-in. */
export const terminalSource = (terminalId: string) => `terminal:${terminalId}`;
export const addressSource = (address: string) => `address:${address}`;

export type SecurityCause = 'pin_guessing' | 'card_lookups';

export async function raiseSecurityAlert(
  db: Sql,
  source: string,
  cause: SecurityCause,
  message: LocalizedText,
  nowMs: number,
): Promise<void> {
  await db.run(
    `INSERT INTO security_alerts (source, cause, detail, message_zh, message_en, at_ms) VALUES (?, ?, '', ?, ?, ?)
     ON CONFLICT (source, cause, detail) DO UPDATE SET message_zh = excluded.message_zh, message_en = excluded.message_en, at_ms = excluded.at_ms`,
    [source, cause, message.zh, message.en, nowMs],
  );
}

export interface SecurityAlert {
  source: string;
  cause: SecurityCause;
  message: LocalizedText;
  at: string;
}

/** The alerts raised within SECURITY_ALERT_SHOWN_MS before `nowMs`, by source. */
export async function recentSecurityAlerts(db: Sql, nowMs: number): Promise<SecurityAlert[]> {
  const rows = (await db.all(
    'SELECT source, cause, message_zh, message_en, at_ms FROM security_alerts WHERE at_ms > ? ORDER BY source, cause',
    [nowMs - SECURITY_ALERT_SHOWN_MS],
  )) as {
    source: string;
    cause: SecurityCause;
    message_zh: string;
    message_en: string;
    at_ms: number;
  }[];
  return rows.map((r) => ({
    source: r.source,
    cause: r.cause,
    message: { zh: r.message_zh, en: r.message_en },
    at: new Date(r.at_ms).toISOString(),
  }));
}
