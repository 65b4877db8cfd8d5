/**
 * When each alert was raised and cleared (issue #18), in `alert_history`: one row per raise, closed by its
 * clear. Alerts are computed from stored state (central/alerts.ts), so every central instance sees the
 * same ones; whichever instance notices a change first writes it, and the partial unique index (at most one
 * open row per alert id) makes the second instance's insert a no-op, as its clear finds no open row left.
 * Rows are never deleted: they are the stations' alert history. Nothing else writes this table.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { Alert } from '../../shared/central-api.js';
import type { LocalizedText } from '../../shared/domain.js';

/** An alert of a terminal now, as alertsFor computed it. */
export interface TerminalAlert extends Alert {
  terminalId: string;
  terminalName: string;
}

export interface AlertRecord extends TerminalAlert {
  /** The row's id: with the transition, what a webhook receiver can recognise a repeated delivery by. */
  historyId: number;
  raisedAt: string;
  clearedAt: string | null;
}

interface Row {
  id: number;
  alert_id: string;
  terminal_id: string;
  terminal_name: string;
  cause: string;
  severity: string;
  message: string;
  raised_at: string;
  cleared_at: string | null;
}

export const toAlertRecord = (r: Row): AlertRecord => ({
  historyId: Number(r.id),
  id: r.alert_id,
  terminalId: r.terminal_id,
  terminalName: r.terminal_name,
  cause: r.cause,
  severity: r.severity as Alert['severity'],
  message: JSON.parse(r.message) as LocalizedText,
  raisedAt: r.raised_at,
  clearedAt: r.cleared_at,
});

/**
 * Records the change from the open alerts to `current` (every terminal's alerts now) at `at`: new ones
 * raised, open ones no longer current cleared. Answers what this call wrote (another instance may have
 * written the rest).
 */
export async function recordAlerts(
  db: Sql,
  current: readonly TerminalAlert[],
  at: string,
  /** Alerts that cannot be judged now (`current` leaves them out): an open one stays open. */
  undecided: (alertId: string) => boolean = () => false,
): Promise<{ raised: number; cleared: number }> {
  const open = new Map(
    (
      await db.all<{ id: number; alert_id: string }>('SELECT id, alert_id FROM alert_history WHERE cleared_at IS NULL')
    ).map((r) => [r.alert_id, Number(r.id)]),
  );
  const now = new Set(current.map((a) => a.id));
  let raised = 0;
  let cleared = 0;
  for (const a of current) {
    if (open.has(a.id)) continue;
    raised += (
      await db.run(
        'INSERT INTO alert_history (alert_id, terminal_id, terminal_name, cause, severity, message, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [a.id, a.terminalId, a.terminalName, a.cause, a.severity, JSON.stringify(a.message), at],
      )
    ).changes;
  }
  for (const [alertId, id] of open) {
    if (now.has(alertId) || undecided(alertId)) continue;
    cleared += (await db.run('UPDATE alert_history SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL', [at, id]))
      .changes;
  }
  return { raised, cleared };
}

/** A station's alerts open now or raised or cleared since `since` (ISO), the newest first (at most 200). */
export async function recentAlerts(db: Sql, terminalId: string, since: string): Promise<AlertRecord[]> {
  const rows = await db.all<Row>(
    `SELECT * FROM alert_history WHERE terminal_id = ? AND (raised_at >= ? OR cleared_at IS NULL OR cleared_at >= ?)
      ORDER BY raised_at DESC, id DESC LIMIT 200`,
    [terminalId, since, since],
  );
  return rows.map(toAlertRecord);
}
