/**
 * The nightly reconciliation's record (issue #17; docs/payments.md "The nightly reconciliation"): one row
 * per day of the institution (`payment_reconciliations`, migration 31). A run first claims the day: the
 * row's primary key lets exactly one claim be written, so of two central instances on one database one
 * runs it; a claim whose run never finished (its instance died) may be taken over after CLAIM_STALE_MS.
 * The run's result (how many movements, the mismatches) is written to the row; a later run of the day
 * (`estation central payments reconcile --date D --record`) replaces it. A day with mismatches is an alert
 * until staff acknowledge it (who, when, why are kept) or a later run finds it clean. Nothing else touches
 * the table.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { Alert } from '../../shared/central-api.js';
import type { Mismatch } from '../payments/reconcile.js';

/** A claim older than this with no result is taken to be of an instance that died during the run. */
export const CLAIM_STALE_MS = 60 * 60_000;
/** The mismatches kept with a day (all are counted; the CLI lists every one of them again). */
const DETAIL_KEPT = 50;

export interface Reconciliation {
  day: string;
  claimedBy: string;
  finishedAt: string | null;
  runs: number;
  movements: number | null;
  mismatches: number | null;
  detail: Mismatch[];
  acknowledged: { by: string; at: string; reason: string } | null;
}

interface Row {
  day: string;
  claimed_by: string;
  finished_at: string | null;
  runs: number | string;
  movements: number | string | null;
  mismatches: number | string | null;
  detail: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledged_reason: string | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

function toReconciliation(r: Row): Reconciliation {
  return {
    day: r.day,
    claimedBy: r.claimed_by,
    finishedAt: r.finished_at,
    runs: Number(r.runs),
    movements: num(r.movements),
    mismatches: num(r.mismatches),
    detail: r.detail ? (JSON.parse(r.detail) as Mismatch[]) : [],
    acknowledged:
      r.acknowledged_by && r.acknowledged_at
        ? { by: r.acknowledged_by, at: r.acknowledged_at, reason: r.acknowledged_reason ?? '' }
        : null,
  };
}

export class Reconciliations {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => Date,
  ) {}

  /**
   * Claims `day` for `instance`: true when this instance is to run it (nobody had, or the claim of an
   * instance that never finished is older than CLAIM_STALE_MS); false when it was run or is being run.
   */
  async claim(day: string, instance: string): Promise<boolean> {
    const at = this.now();
    const inserted = await this.sql.run(
      'INSERT INTO payment_reconciliations (day, claimed_by, claimed_at) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING',
      [day, instance, at.toISOString()],
    );
    if (inserted.changes === 1) return true;
    const stale = new Date(at.getTime() - CLAIM_STALE_MS).toISOString();
    const taken = await this.sql.run(
      'UPDATE payment_reconciliations SET claimed_by = ?, claimed_at = ? WHERE day = ? AND finished_at IS NULL AND claimed_at < ?',
      [instance, at.toISOString(), day, stale],
    );
    return taken.changes === 1;
  }

  /**
   * Records a run's result for `day` (claimed or not: a staff run of the CLI records too). Mismatches
   * after an acknowledgement are a new finding: the acknowledgement is kept only while the day is clean
   * or shows no more mismatches than were acknowledged.
   */
  async record(day: string, instance: string, movements: number, mismatches: readonly Mismatch[]): Promise<void> {
    const at = this.now().toISOString();
    const detail = JSON.stringify(mismatches.slice(0, DETAIL_KEPT));
    await this.sql.run(
      `INSERT INTO payment_reconciliations (day, claimed_by, claimed_at, finished_at, runs, movements, mismatches, detail)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET finished_at = excluded.finished_at, runs = payment_reconciliations.runs + 1,
         movements = excluded.movements, mismatches = excluded.mismatches, detail = excluded.detail,
         acknowledged_by = CASE WHEN excluded.mismatches > COALESCE(payment_reconciliations.acknowledged_mismatches, 0) THEN NULL ELSE payment_reconciliations.acknowledged_by END,
         acknowledged_at = CASE WHEN excluded.mismatches > COALESCE(payment_reconciliations.acknowledged_mismatches, 0) THEN NULL ELSE payment_reconciliations.acknowledged_at END,
         acknowledged_reason = CASE WHEN excluded.mismatches > COALESCE(payment_reconciliations.acknowledged_mismatches, 0) THEN NULL ELSE payment_reconciliations.acknowledged_reason END,
         acknowledged_mismatches = CASE WHEN excluded.mismatches > COALESCE(payment_reconciliations.acknowledged_mismatches, 0) THEN NULL ELSE payment_reconciliations.acknowledged_mismatches END`,
      [day, instance, at, at, movements, mismatches.length, detail],
    );
  }

  /** Staff acknowledge `day`'s mismatches (who, why); false when the day has none on record. */
  async acknowledge(day: string, by: string, reason: string): Promise<boolean> {
    const r = await this.sql.run(
      `UPDATE payment_reconciliations SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_reason = ?,
         acknowledged_mismatches = mismatches
       WHERE day = ? AND mismatches > 0`,
      [by, this.now().toISOString(), reason, day],
    );
    return r.changes === 1;
  }

  async get(day: string): Promise<Reconciliation | null> {
    const r = (await this.sql.get('SELECT * FROM payment_reconciliations WHERE day = ?', [day])) as Row | undefined;
    return r ? toReconciliation(r) : null;
  }

  /** The days whose latest run found mismatches nobody acknowledged, oldest first. */
  async open(): Promise<Reconciliation[]> {
    const rows = (await this.sql.all(
      'SELECT * FROM payment_reconciliations WHERE mismatches > 0 AND acknowledged_at IS NULL ORDER BY day',
    )) as Row[];
    return rows.map(toReconciliation);
  }

  /** The open days as alerts for the dashboard's top and the alert webhook (they belong to no station). */
  async alerts(): Promise<Alert[]> {
    return (await this.open()).map((r) => ({
      id: `payments:reconcile:${r.day}`,
      severity: 'error' as const,
      cause: 'payment_reconciliation',
      message: {
        zh: `${r.day} 的付款对账发现 ${r.mismatches} 处不一致：运行 estation central payments reconcile --date ${r.day} 查看，处理后用 estation central payments acknowledge --date ${r.day} --reason "…" 确认`,
        en: `The payment reconciliation of ${r.day} found ${r.mismatches} mismatch(es): run estation central payments reconcile --date ${r.day} to see them, and once settled acknowledge with estation central payments acknowledge --date ${r.day} --reason "…"`,
      },
    }));
  }
}
