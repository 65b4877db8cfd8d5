/**
 * The payment provider: how central takes money for paid copies, whatever system the university's money
 * is in (its campus-card vendor, a payment gateway, or nothing at all). Types only; docs/payments.md gives
 * the semantics an adapter must keep, and errors.ts the errors it throws.
 *
 * Every call that moves money names central's job id, and is idempotent by it: called again for the same
 * job (a retry after a timeout, a lost answer, a restart of central) it answers what was done the first
 * time and moves nothing more. So central, unsure whether a call happened, simply calls it again.
 */

/** What central knows of a job when it asks for money: its id (the idempotency key), who pays, how much. */
export interface PaymentJob {
  /** Central's job id. */
  readonly jobId: string;
  /** The person's id at central (student or staff number). */
  readonly person: string;
  /** The job's fee in fen (cents of a yuan), more than 0: a free job never reaches the provider. */
  readonly amountCents: number;
}

/** A person's money as the provider sees it. */
export interface Balance {
  readonly person: string;
  /** What a new hold may take now: the balance less the open holds. */
  readonly availableCents: number;
  /** The money on the card, open holds included; null when the provider does not say. */
  readonly balanceCents: number | null;
}

/** Where a job's money stands at the provider. */
export type PaymentState = 'held' | 'captured' | 'released' | 'refunded';

/** The provider's answer to a money call: the job's money as it now stands, with the provider's reference. */
export interface PaymentRecord {
  readonly jobId: string;
  readonly person: string;
  readonly amountCents: number;
  readonly state: PaymentState;
  /** The provider's reference of the movement that brought the job to `state`; central's ledger keeps it. */
  readonly reference: string;
}

/** One movement in the provider's statement of a day (what reconciliation compares with central's ledger). */
export interface StatementEntry {
  readonly reference: string;
  /** ISO time. */
  readonly at: string;
  readonly kind: 'top_up' | 'hold' | 'capture' | 'release' | 'refund';
  readonly person: string;
  /** Null for movements that are no job's (a top-up). */
  readonly jobId: string | null;
  readonly amountCents: number;
}

export interface PaymentProvider {
  /** The name in central's configuration (`free`, `campus-card`, or the university's own). */
  readonly name: string;
  /** False when the university charges nothing: fees are shown as free (免费) and no call moves money. */
  readonly charges: boolean;
  /** The person's money; null from a provider that does not charge. */
  balance(person: string): Promise<Balance | null>;
  /** Reserves the job's fee when central authorizes it. Throws InsufficientBalanceError when it does not fit. */
  hold(job: PaymentJob): Promise<PaymentRecord>;
  /** Takes the held fee when central learns the job printed. A job already captured answers as it stands. */
  capture(job: PaymentJob): Promise<PaymentRecord>;
  /** Gives the held fee back when the job failed, was cancelled or was never printed. Never undoes a capture. */
  release(job: PaymentJob): Promise<PaymentRecord>;
  /** Pays a captured job back, decided by staff (`by`) for `reason`. */
  refund(job: PaymentJob, reason: string, by: string): Promise<PaymentRecord>;
  /** The job's money as it stands (null: the provider never heard of the job), for recovery and reconciliation. */
  status(jobId: string): Promise<PaymentRecord | null>;
  /** Every movement of the day (YYYY-MM-DD, UTC), for reconciliation. */
  statement(date: string): Promise<StatementEntry[]>;
}
