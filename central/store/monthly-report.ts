/**
 * The figures of a month's report (issue #18, "Reports"): documents printed by site, station, kind and
 * language; fees captured and refunded (the payment ledger); and the jobs that needed attention (failed,
 * cancelled, never reported, reprinted by staff). Read only. The month's bounds are instants the caller
 * computed in the institution's timezone (central/reports/monthly.ts); a document counts in the month
 * central authorized it (`issued_at`, central's clock: a station's own clock may be off, and its print
 * follows the authorization within minutes).
 */
import type { Sql } from '../../lib/sql/types.js';
import { scopeWhere, type SiteScope } from './site-sql.js';

export type { SiteScope };

export interface PrintedRow {
  site: string | null;
  terminalId: string;
  kind: string;
  language: string;
  documents: number;
  copies: number;
  pages: number;
}

export interface PaymentRow {
  site: string | null;
  terminalId: string;
  kind: string;
  captured: number;
  capturedCents: number;
  refunded: number;
  refundedCents: number;
}

export interface AttentionRow {
  site: string | null;
  terminalId: string;
  failed: number;
  cancelled: number;
  /** Authorized and never reported printed, failed or cancelled (a station lost the job or its report). */
  unreported: number;
  /** Reprints staff made (a print that went wrong the first time). */
  reprints: number;
}

export interface MonthFigures {
  printed: PrintedRow[];
  payments: PaymentRow[];
  attention: AttentionRow[];
}

const num = (v: unknown) => Number(v ?? 0);

/** The month's figures between the instants `from` (inclusive) and `to` (exclusive), for the stations `scope` sees. */
export async function monthFigures(db: Sql, from: string, to: string, scope: SiteScope): Promise<MonthFigures> {
  const s = scopeWhere(scope, 't.site');
  const printed = await db.all<Record<string, unknown>>(
    `SELECT t.site AS site, d.terminal_id AS terminal_id, d.kind AS kind, d.language AS language,
            COUNT(*) AS documents, SUM(d.copies) AS copies, SUM(COALESCE(d.pages, 0)) AS pages
       FROM documents d LEFT JOIN terminals t ON t.id = d.terminal_id
      WHERE d.status = 'printed' AND d.issued_at >= ? AND d.issued_at < ?${s.sql}
      GROUP BY t.site, d.terminal_id, d.kind, d.language
      ORDER BY t.site IS NULL, t.site, d.terminal_id, d.kind, d.language`,
    [from, to, ...s.params],
  );
  // Money moves in the month it moved (the ledger's time), whenever the document was issued.
  const payments = await db.all<Record<string, unknown>>(
    `SELECT t.site AS site, l.terminal_id AS terminal_id, d.kind AS kind,
            SUM(CASE WHEN l.movement = 'capture' THEN 1 ELSE 0 END) AS captured,
            SUM(CASE WHEN l.movement = 'capture' THEN l.amount_cents ELSE 0 END) AS captured_cents,
            SUM(CASE WHEN l.movement = 'refund' THEN 1 ELSE 0 END) AS refunded,
            SUM(CASE WHEN l.movement = 'refund' THEN l.amount_cents ELSE 0 END) AS refunded_cents
       FROM payment_ledger l LEFT JOIN terminals t ON t.id = l.terminal_id LEFT JOIN documents d ON d.job_id = l.job_id
      WHERE l.outcome = 'done' AND l.movement IN ('capture', 'refund') AND l.at >= ? AND l.at < ?${s.sql}
      GROUP BY t.site, l.terminal_id, d.kind
      ORDER BY t.site IS NULL, t.site, l.terminal_id, d.kind`,
    [from, to, ...s.params],
  );
  const attention = await db.all<Record<string, unknown>>(
    `SELECT t.site AS site, d.terminal_id AS terminal_id,
            SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS failed,
            SUM(CASE WHEN d.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
            SUM(CASE WHEN d.status = 'authorized' THEN 1 ELSE 0 END) AS unreported,
            SUM(CASE WHEN d.reprint_of IS NOT NULL THEN 1 ELSE 0 END) AS reprints
       FROM documents d LEFT JOIN terminals t ON t.id = d.terminal_id
      WHERE d.issued_at >= ? AND d.issued_at < ?${s.sql}
      GROUP BY t.site, d.terminal_id
     HAVING SUM(CASE WHEN d.status IN ('failed', 'cancelled', 'authorized') OR d.reprint_of IS NOT NULL THEN 1 ELSE 0 END) > 0
      ORDER BY t.site IS NULL, t.site, d.terminal_id`,
    [from, to, ...s.params],
  );
  const site = (r: Record<string, unknown>) => (r.site as string | null) ?? null;
  return {
    printed: printed.map((r) => ({
      site: site(r),
      terminalId: r.terminal_id as string,
      kind: r.kind as string,
      language: r.language as string,
      documents: num(r.documents),
      copies: num(r.copies),
      pages: num(r.pages),
    })),
    payments: payments.map((r) => ({
      site: site(r),
      terminalId: r.terminal_id as string,
      kind: (r.kind as string | null) ?? '',
      captured: num(r.captured),
      capturedCents: num(r.captured_cents),
      refunded: num(r.refunded),
      refundedCents: num(r.refunded_cents),
    })),
    attention: attention.map((r) => ({
      site: site(r),
      terminalId: r.terminal_id as string,
      failed: num(r.failed),
      cancelled: num(r.cancelled),
      unreported: num(r.unreported),
      reprints: num(r.reprints),
    })),
  };
}
