/**
 * The errors a payment provider (provider.ts) throws. Each says what happened to the money (usually:
 * nothing) and what to do, in words the person who reads it can act on: `InsufficientBalanceError` reaches
 * the student, the others central's log and the staff dashboard.
 */

/** Base class: `code` is what central's wiring decides on. */
export class PaymentError extends Error {
  override name = 'PaymentError';
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type PaymentErrorCode =
  | 'provider_unavailable'
  | 'insufficient_balance'
  | 'unknown_account'
  | 'unknown_job'
  | 'payment_conflict'
  | 'provider_refused'
  | 'provider_answer_invalid';

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

/**
 * The provider did not answer (down, timed out, 5xx) after every retry. The call may or may not have
 * happened there; calling it again with the same job id is always safe.
 */
export class ProviderUnavailableError extends PaymentError {
  override name = 'ProviderUnavailableError';
  constructor(
    readonly provider: string,
    readonly detail: string,
  ) {
    super(
      'provider_unavailable',
      `the payment service (${provider}) did not answer: ${detail}. Nothing is charged twice: ` +
        'central calls it again for the same job later; check that the service is running and reachable',
    );
  }
}

/** The person's available balance does not cover the fee. Nothing was held. */
export class InsufficientBalanceError extends PaymentError {
  override name = 'InsufficientBalanceError';
  constructor(
    readonly person: string,
    readonly availableCents: number,
    readonly neededCents: number,
  ) {
    super(
      'insufficient_balance',
      `the campus card has ${yuan(availableCents)} available, but this print costs ${yuan(neededCents)}: ` +
        'top up the card and print again. Nothing was charged',
    );
  }
}

/** The provider has no account for the person. */
export class UnknownAccountError extends PaymentError {
  override name = 'UnknownAccountError';
  constructor(readonly person: string) {
    super(
      'unknown_account',
      `the payment service has no account for ${person}: the card office opens one. Nothing was charged`,
    );
  }
}

/** The provider has no hold for the job (it was never held there, or the provider lost it). */
export class UnknownJobError extends PaymentError {
  override name = 'UnknownJobError';
  constructor(readonly jobId: string) {
    super(
      'unknown_job',
      `the payment service has no hold for job ${jobId}: no money was taken for it. ` +
        "If central's ledger says it was held, reconcile the day (docs/payments.md, Reconciliation)",
    );
  }
}

/** The call does not fit the job's state there (capture after release, release after capture, another amount). */
export class PaymentConflictError extends PaymentError {
  override name = 'PaymentConflictError';
  constructor(
    readonly jobId: string,
    readonly detail: string,
  ) {
    super('payment_conflict', `job ${jobId}: ${detail}`);
  }
}

/** The provider refused the request itself (wrong token, a request it calls malformed): configuration to fix. */
export class ProviderRefusedError extends PaymentError {
  override name = 'ProviderRefusedError';
  constructor(
    readonly provider: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      'provider_refused',
      `the payment service (${provider}) refused the request (HTTP ${status}: ${detail}); ` +
        "check central's payment settings (address, token file); nothing was charged",
    );
  }
}

/**
 * The provider answered something that cannot be true (another amount, another job, an answer that is not
 * its API). Central trusts none of it: the job is treated as not done, and staff reconcile it.
 */
export class ProviderAnswerInvalidError extends PaymentError {
  override name = 'ProviderAnswerInvalidError';
  constructor(
    readonly provider: string,
    readonly detail: string,
  ) {
    super(
      'provider_answer_invalid',
      `the payment service (${provider}) gave an answer that cannot be right: ${detail}. ` +
        'Central does not act on it; compare its statement with the ledger (estation central payments reconcile) ' +
        "and report the fault to the service's vendor",
    );
  }
}
