/**
 * Retention (issue #16): what central keeps only for a while, and pruning it. Documents, quotas,
 * people and the audit are never pruned: a document is verifiable for as long as it is valid, and the
 * audit is how anyone later finds out what happened. What goes, past its limit:
 *
 * - `report_log`: every report a terminal sent (the document itself keeps its outcome for good);
 * - `report_log_unknown`: the daily counts of reports about jobs that were not the terminal's own;
 * - `card_lookups`: which terminal looked up whose card (the binding needs one day; see card-lookups.ts);
 * - `heartbeat_history`: each station's heartbeats in 5-minute slots, for its page (heartbeat-history.ts;
 *   the page shows 30 days). The latest heartbeat stays on the terminal's row.
 *
 * Each prune that deletes is written to `prune_audit` with its
 * limits and how many rows of each table went. Rows go in batches, each its own transaction, so a
 * large prune never holds the write lock for long while stations report.
 */
import type { Sql } from '../../lib/sql/types.js';
import { AUTHORIZE_AFTER_LOOKUP_MS } from '../domain/card-binding.js';

const DAY_MS = 24 * 3600_000;
const BATCH = 5000;

export interface RetentionLimits {
  /** Days report_log rows (and the daily counts of dropped reports) are kept. */
  reportLogDays: number;
  /** Days card lookups are kept: at least one (a job may be authorized a day after its lookup). */
  cardLookupDays: number;
  /** Days a station's heartbeat history is kept. */
  heartbeatDays: number;
}

/** The defaults (docs/central.md, "Retention"): a report log for a year and a bit, card lookups for a week, heartbeats for three months. */
export const DEFAULT_RETENTION: RetentionLimits = { reportLogDays: 400, cardLookupDays: 7, heartbeatDays: 90 };

/** The least of each limit: shorter would break what the rows are kept for. */
export const MIN_RETENTION: RetentionLimits = {
  reportLogDays: 1,
  cardLookupDays: Math.ceil(AUTHORIZE_AFTER_LOOKUP_MS / DAY_MS),
  heartbeatDays: 1,
};
export const MAX_RETENTION_DAYS = 36_500;

/** Rows deleted (or, in a dry run, that would be), by table. */
export interface PruneCounts {
  report_log: number;
  report_log_unknown: number;
  card_lookups: number;
  heartbeat_history: number;
}

export interface PruneResult {
  at: string;
  dryRun: boolean;
  limits: RetentionLimits;
  counts: PruneCounts;
}

/** A limit out of range; the message names it and its range. */
export class RetentionLimitError extends Error {
  override name = 'RetentionLimitError';
}

/** The limits with defaults filled in, each checked against its range. */
export function retentionLimits(given: Partial<RetentionLimits> = {}): RetentionLimits {
  const limits = { ...DEFAULT_RETENTION, ...given };
  for (const key of Object.keys(DEFAULT_RETENTION) as (keyof RetentionLimits)[]) {
    const v = limits[key];
    if (!Number.isInteger(v) || v < MIN_RETENTION[key] || v > MAX_RETENTION_DAYS)
      throw new RetentionLimitError(
        `${key} must be a whole number of days from ${MIN_RETENTION[key]} to ${MAX_RETENTION_DAYS}, not ${v}`,
      );
  }
  return limits;
}

/**
 * Deletes what is older than the limits at `now` (or only counts it, `dryRun`), and audits a prune
 * that deleted anything. `by` says who: "schedule" or "cli".
 */
export async function prune(
  db: Sql,
  limits: RetentionLimits,
  now: Date,
  options: { dryRun?: boolean; by: string },
): Promise<PruneResult> {
  const reportCutoff = new Date(now.getTime() - limits.reportLogDays * DAY_MS).toISOString();
  const lookupCutoff = now.getTime() - limits.cardLookupDays * DAY_MS;
  const heartbeatCutoff = new Date(now.getTime() - limits.heartbeatDays * DAY_MS).toISOString();
  const tables: { table: keyof PruneCounts; where: string; arg: string | number; key: string }[] = [
    { table: 'report_log', where: 'received_at < ?', arg: reportCutoff, key: 'id' },
    { table: 'report_log_unknown', where: 'day < ?', arg: reportCutoff.slice(0, 10), key: 'rowid' },
    { table: 'card_lookups', where: 'looked_up_at < ?', arg: lookupCutoff, key: 'rowid' },
    { table: 'heartbeat_history', where: 'slot < ?', arg: heartbeatCutoff, key: 'rowid' },
  ];
  const counts = {} as PruneCounts;
  for (const { table, where, arg, key } of tables) {
    if (options.dryRun) {
      counts[table] = ((await db.get(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, [arg])) as { n: number }).n;
      continue;
    }
    // A table without an id of its own is addressed by the row's place (SQLite's rowid, PostgreSQL's ctid).
    const rowKey = key === 'rowid' && db.dialect === 'postgres' ? 'ctid' : key;
    const batch = `DELETE FROM ${table} WHERE ${rowKey} IN (SELECT ${rowKey} FROM ${table} WHERE ${where} LIMIT ${BATCH})`;
    let total = 0;
    for (;;) {
      const { changes: n } = await db.run(batch, [arg]);
      total += n;
      if (n < BATCH) break;
    }
    counts[table] = total;
  }
  const result = { at: now.toISOString(), dryRun: options.dryRun ?? false, limits, counts };
  if (!result.dryRun && Object.values(counts).some((n) => n > 0))
    await db.run('INSERT INTO prune_audit (at, by, limits, deleted) VALUES (?, ?, ?, ?)', [
      result.at,
      options.by,
      JSON.stringify(limits),
      JSON.stringify(counts),
    ]);
  return result;
}

export interface PruneAuditEntry {
  at: string;
  by: string;
  limits: RetentionLimits;
  deleted: PruneCounts;
}

/** Every prune that deleted rows, oldest first. */
export async function pruneAudit(db: Sql): Promise<PruneAuditEntry[]> {
  return (
    (await db.all('SELECT at, by, limits, deleted FROM prune_audit ORDER BY id')) as {
      at: string;
      by: string;
      limits: string;
      deleted: string;
    }[]
  ).map((r) => ({
    at: r.at,
    by: r.by,
    limits: JSON.parse(r.limits) as RetentionLimits,
    deleted: JSON.parse(r.deleted) as PruneCounts,
  }));
}
