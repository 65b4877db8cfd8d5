/**
 * Central's payment ledger (issue #17, docs/payments.md "Wiring"): every money movement of a paid job that
 * central asked of its payment provider, and the answer. Append-only: a row is never updated or deleted.
 * Each movement (hold, capture, release, refund) of a job has at most one row per outcome: `requested`
 * (written before the call), then `done` (with the provider's reference) or `refused` (the provider said no,
 * or central treated the call as not made). A retry inserts nothing new, so every movement is recorded
 * once however often the call is made. Nothing else touches `payment_ledger`.
 */
import type { Sql } from '../../lib/sql/types.js';
import { giveBackQuota } from './terms.js';

export const MOVEMENTS = ['hold', 'capture', 'release', 'refund'] as const;
export type Movement = (typeof MOVEMENTS)[number];
export const OUTCOMES = ['requested', 'done', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One ledger row. */
export interface LedgerEntry {
  jobId: string;
  movement: Movement;
  outcome: Outcome;
  personId: string;
  terminalId: string;
  amountCents: number;
  provider: string;
  /** The provider's reference of the movement (`done`); null otherwise. */
  reference: string | null;
  /** ISO time central wrote the row. */
  at: string;
  /** Who moved the money: `central` (a job's life) or the staff member (a refund). */
  by: string;
  /** Why: what the job's life did (`printed`, `cancelled`…), a staff refund's reason, or a refusal's code and message. */
  reason: string;
}

/** A paid job as the ledger needs it (its `documents` row). */
export interface PaidJob {
  jobId: string;
  personId: string;
  terminalId: string;
  serial: string;
  kind: string;
  amountCents: number;
  status: string;
  issuedAt: string;
  reprintOf: string | null;
}

interface LedgerRow {
  job_id: string;
  movement: Movement;
  outcome: Outcome;
  person_id: string;
  terminal_id: string;
  amount_cents: number;
  provider: string;
  reference: string | null;
  at: string;
  by: string;
  reason: string;
}

const entryOf = (r: LedgerRow): LedgerEntry => ({
  jobId: r.job_id,
  movement: r.movement,
  outcome: r.outcome,
  personId: r.person_id,
  terminalId: r.terminal_id,
  amountCents: Number(r.amount_cents),
  provider: r.provider,
  reference: r.reference,
  at: r.at,
  by: r.by,
  reason: r.reason,
});

const JOB_COLUMNS =
  'job_id, person_id, terminal_id, serial, kind, charged_cents, status, issued_at, reprint_of FROM documents';
interface JobRow {
  job_id: string;
  person_id: string;
  terminal_id: string;
  serial: string;
  kind: string;
  charged_cents: number;
  status: string;
  issued_at: string;
  reprint_of: string | null;
}
const jobOf = (r: JobRow): PaidJob => ({
  jobId: r.job_id,
  personId: r.person_id,
  terminalId: r.terminal_id,
  serial: r.serial,
  kind: r.kind,
  amountCents: Number(r.charged_cents),
  status: r.status,
  issuedAt: r.issued_at,
  reprintOf: r.reprint_of,
});

export class PaymentLedger {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => Date,
  ) {}

  /** Appends `entry` (its time is now); false when the job already has this movement with this outcome. */
  async record(entry: Omit<LedgerEntry, 'at'>): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO payment_ledger (job_id, movement, outcome, person_id, terminal_id, amount_cents, provider, reference, at, by, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, movement, outcome) DO NOTHING`,
      [
        entry.jobId,
        entry.movement,
        entry.outcome,
        entry.personId,
        entry.terminalId,
        entry.amountCents,
        entry.provider,
        entry.reference,
        this.now().toISOString(),
        entry.by,
        entry.reason.slice(0, 500),
      ],
    );
    return changes > 0;
  }

  /** Every row of a job, oldest first. */
  async entries(jobId: string): Promise<LedgerEntry[]> {
    const rows = await this.sql.all<LedgerRow>('SELECT * FROM payment_ledger WHERE job_id = ? ORDER BY id', [jobId]);
    return rows.map(entryOf);
  }

  /** Every row written from `fromIso` (included) to `toIso` (excluded), oldest first. */
  async between(fromIso: string, toIso: string): Promise<LedgerEntry[]> {
    const rows = await this.sql.all<LedgerRow>('SELECT * FROM payment_ledger WHERE at >= ? AND at < ? ORDER BY id', [
      fromIso,
      toIso,
    ]);
    return rows.map(entryOf);
  }

  /** The job's document, or null. */
  async job(jobId: string): Promise<PaidJob | null> {
    const r = await this.sql.get<JobRow>(`SELECT ${JOB_COLUMNS} WHERE job_id = ?`, [jobId]);
    return r ? jobOf(r) : null;
  }

  /** The document with this serial, or null. */
  async jobBySerial(serial: string): Promise<PaidJob | null> {
    const r = await this.sql.get<JobRow>(`SELECT ${JOB_COLUMNS} WHERE serial = ?`, [serial]);
    return r ? jobOf(r) : null;
  }

  /**
   * Paid jobs whose hold was asked for and that have no capture or release answered yet: the ones whose
   * money central may still have to settle (the wiring decides which call each needs from its status).
   */
  async unsettled(): Promise<PaidJob[]> {
    const rows = await this.sql.all<JobRow>(
      `SELECT ${JOB_COLUMNS} d WHERE d.charged_cents > 0 AND d.reprint_of IS NULL
         AND EXISTS (SELECT 1 FROM payment_ledger h WHERE h.job_id = d.job_id AND h.movement = 'hold' AND h.outcome = 'requested')
         AND NOT EXISTS (SELECT 1 FROM payment_ledger s WHERE s.job_id = d.job_id AND s.movement IN ('capture', 'release') AND s.outcome IN ('done', 'refused'))
       ORDER BY d.issued_at`,
    );
    return rows.map(jobOf);
  }

  /**
   * Undoes a job's authorization because its fee could not be held: the document, still `authorized`,
   * becomes `cancelled` (its serial stays, marked so) and its free copies go back to their term, in one
   * transaction. False (nothing changed) when the job is not an authorized document any more.
   */
  async cancelUnpaid(jobId: string): Promise<boolean> {
    return this.sql.transaction(async (db) => {
      const d = await db.get<{ person_id: string; kind: string; free_copies: number; quota_term: string | null }>(
        "SELECT person_id, kind, free_copies, quota_term FROM documents WHERE job_id = ? AND status = 'authorized'",
        [jobId],
      );
      if (!d) return false;
      await db.run("UPDATE documents SET status = 'cancelled', finished_at = ? WHERE job_id = ?", [
        this.now().toISOString(),
        jobId,
      ]);
      if (d.quota_term !== null && d.free_copies > 0)
        await giveBackQuota(db, d.person_id, d.kind, d.quota_term, d.free_copies);
      return true;
    });
  }
}
