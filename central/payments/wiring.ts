/**
 * Central's calls to its payment provider at the points of a job's life (docs/payments.md, "Wiring"):
 * `hold` when a paid job is authorized (refused → the authorization is undone), `capture` when it printed,
 * `release` when it failed, was cancelled or was never reported, `refund` by staff. Every call is written to
 * the ledger (central/store/payment-ledger.ts) as `requested` before it is made and `done`/`refused` after,
 * so a call that got no answer is made again later with the same job id (the provider keys everything by
 * it, so the retry moves no money a second time), and each movement is recorded once.
 */
import type { CardBalance } from '../../shared/central-api.js';
import type { PaymentRefusal } from '../../shared/kiosk-errors.js';
import type { LedgerEntry, Movement, PaidJob, PaymentLedger } from '../store/payment-ledger.js';
import { PaymentError, ProviderUnavailableError, UnknownJobError } from './errors.js';
import type { PaymentJob, PaymentProvider, PaymentRecord } from './provider.js';

/** Why central refused a paid job: the code for the station and a message saying what to do. */
export interface PaymentRefused {
  code: PaymentRefusal;
  message: string;
}

/** Default: a paid job never reported is released a day after it was authorized (see releaseAfterMs). */
export const RELEASE_AFTER_MS = 24 * 3600_000;

/** Default: how long a hold that got no answer may still land at the provider (see holdInDoubtMs). */
export const HOLD_IN_DOUBT_MS = 15 * 60_000;

export interface PaymentWiringOptions {
  provider: PaymentProvider;
  ledger: PaymentLedger;
  /**
   * How long after its authorization a paid job the station never reported is released. At least the
   * station's unattended-job limit and the 24 h in which a queued job may still be authorized and printed
   * after an outage (docs/central.md): a release before the station's late `printed` report would leave a
   * printed copy uncharged.
   */
  releaseAfterMs?: number;
  /**
   * How long after central gave up on a hold (no answer after every retry) that hold may still be made at
   * the provider: a request the provider received but answered after the client's timeout. Within it, a
   * release answered "no hold for this job" is not taken as final: the sweep asks again, so a hold that
   * lands after the first release is still released. After it, the answer is recorded and reconciliation
   * shows a hold that lands even later.
   */
  holdInDoubtMs?: number;
  now?: () => Date;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

const REFUSAL_TEXT: Record<PaymentRefusal, string> = {
  insufficient_balance: 'top up the card at the campus card office and print again',
  no_payment_account: 'the campus card office opens an account for the card; then print again',
  payment_unavailable: 'try again in a few minutes',
};

/** The station's code for a provider's refusal of a hold. */
function refusalCode(err: unknown): PaymentRefusal {
  if (err instanceof PaymentError && err.code === 'insufficient_balance') return 'insufficient_balance';
  if (err instanceof PaymentError && err.code === 'unknown_account') return 'no_payment_account';
  return 'payment_unavailable';
}

export class PaymentWiring {
  private readonly running = new Set<Promise<unknown>>();
  private sweeping: Promise<number> | null = null;
  private readonly releaseAfterMs: number;
  private readonly holdInDoubtMs: number;

  constructor(private readonly o: PaymentWiringOptions) {
    this.releaseAfterMs = o.releaseAfterMs ?? RELEASE_AFTER_MS;
    this.holdInDoubtMs = o.holdInDoubtMs ?? HOLD_IN_DOUBT_MS;
  }

  get provider(): PaymentProvider {
    return this.o.provider;
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Whether the job's fee goes through the provider (a free job, a staff reprint or the free provider: no). */
  private paid(job: PaidJob): boolean {
    return this.o.provider.charges && job.amountCents > 0 && job.reprintOf === null;
  }

  private payment(job: PaidJob): PaymentJob {
    return { jobId: job.jobId, person: job.personId, amountCents: job.amountCents };
  }

  private async record(job: PaidJob, movement: Movement, outcome: 'requested' | 'refused', by: string, reason: string) {
    await this.o.ledger.record({
      jobId: job.jobId,
      movement,
      outcome,
      personId: job.personId,
      terminalId: job.terminalId,
      amountCents: job.amountCents,
      provider: this.o.provider.name,
      reference: null,
      by,
      reason,
    });
  }

  private async done(job: PaidJob, movement: Movement, r: PaymentRecord, by: string, reason: string) {
    await this.o.ledger.record({
      jobId: job.jobId,
      movement,
      outcome: 'done',
      personId: job.personId,
      terminalId: job.terminalId,
      amountCents: r.amountCents,
      provider: this.o.provider.name,
      reference: r.reference,
      by,
      reason,
    });
  }

  /**
   * The person's money for the documents screen, or undefined (nothing charged, or the provider did not
   * answer: the station then learns of a short balance from the hold). No account: nothing available.
   */
  async balanceFor(person: string): Promise<CardBalance | undefined> {
    if (!this.o.provider.charges) return undefined;
    try {
      const b = await this.o.provider.balance(person);
      return b ? { availableCents: b.availableCents, balanceCents: b.balanceCents } : undefined;
    } catch (err) {
      if (err instanceof PaymentError && err.code === 'unknown_account')
        return { availableCents: 0, balanceCents: null };
      this.o.log?.warn(
        { person, error: (err as Error).message },
        'balance not shown: the payment provider did not answer',
      );
      return undefined;
    }
  }

  /**
   * After central authorized (or answered a replay of) job `jobId`: holds its fee. Null when the job may
   * print; otherwise the authorization has been undone (nothing issued, free copies back) and the answer
   * says why. A replay of a job whose hold was refused gets the same refusal.
   */
  async afterAuthorize(jobId: string): Promise<PaymentRefused | null> {
    if (!this.o.provider.charges) return null; // the free provider: nothing to hold (and no query to ask)
    const job = await this.o.ledger.job(jobId);
    if (!job || !this.paid(job)) return null;
    const entries = (await this.o.ledger.entries(jobId)).filter((e) => e.movement === 'hold');
    const refused = entries.find((e) => e.outcome === 'refused');
    if (refused) return this.refusal(refusalCode(null), refused.reason);
    if (entries.some((e) => e.outcome === 'done') || job.status !== 'authorized') return null;
    await this.record(job, 'hold', 'requested', 'central', 'authorized');
    try {
      const held = await this.o.provider.hold(this.payment(job));
      await this.done(job, 'hold', held, 'central', 'authorized');
      return null;
    } catch (err) {
      const code = refusalCode(err);
      const why = err instanceof PaymentError ? `${err.code}: ${err.message}` : `error: ${(err as Error).message}`;
      // Recorded before the undo: a crash between them leaves a refused hold the sweep releases.
      await this.record(job, 'hold', 'refused', 'central', `${code}; ${why}`);
      await this.o.ledger.cancelUnpaid(jobId);
      this.o.log?.warn({ jobId, code, error: why }, 'paid job not authorized: its fee could not be held');
      return this.refusal(code, why);
    }
  }

  private refusal(code: PaymentRefusal, why: string): PaymentRefused {
    // The recorded reason starts with the station's code (see afterAuthorize), so a replay answers the same.
    const recorded = /^(insufficient_balance|no_payment_account|payment_unavailable);/.exec(why)?.[1] as
      PaymentRefusal | undefined;
    const c = recorded ?? code;
    const detail = why.replace(/^[a-z_]+; /, '').replace(/^[a-z_]+: /, '');
    return {
      code: c,
      message: `The fee could not be taken from the campus card (${detail.slice(0, 150)}). Nothing was printed and nothing was charged: ${REFUSAL_TEXT[c]}.`,
    };
  }

  /**
   * Settles the money of the jobs a report just recorded, in the background: the station's report is
   * confirmed whatever the provider does, and a call that gets no answer is left for the sweep.
   */
  afterReport(jobIds: readonly string[]): void {
    if (!this.o.provider.charges) return;
    const p = (async () => {
      for (const id of jobIds) {
        const job = await this.o.ledger.job(id);
        if (job && this.paid(job)) await this.settle(job);
      }
    })().catch((err: Error) =>
      this.o.log?.warn({ error: err.message }, 'payment settlement failed; the sweep retries'),
    );
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Resolves when the background settlements started so far are over (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** The call a job's money still needs, from its document's status, or null. */
  private needs(job: PaidJob): { movement: 'capture' | 'release'; reason: string } | null {
    if (job.status === 'printed') return { movement: 'capture', reason: 'printed' };
    if (job.status === 'failed' || job.status === 'cancelled') return { movement: 'release', reason: job.status };
    if (job.status === 'authorized' && Date.parse(job.issuedAt) <= this.now().getTime() - this.releaseAfterMs)
      return {
        movement: 'release',
        reason: `never reported within ${Math.round(this.releaseAfterMs / 3600_000)} h of its authorization`,
      };
    return null;
  }

  /** Makes the capture or release a job needs, unless the ledger has its answer already. */
  private async settle(job: PaidJob): Promise<void> {
    const need = this.needs(job);
    if (!need) return;
    const entries = await this.o.ledger.entries(job.jobId);
    const answered = (m: Movement) => entries.some((e) => e.movement === m && e.outcome !== 'requested');
    if (!entries.some((e) => e.movement === 'hold') || answered('capture') || answered('release')) return;
    await this.record(job, need.movement, 'requested', 'central', need.reason);
    try {
      const p = this.payment(job);
      const r = need.movement === 'capture' ? await this.o.provider.capture(p) : await this.o.provider.release(p);
      await this.done(job, need.movement, r, 'central', need.reason);
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        this.o.log?.warn({ jobId: job.jobId, error: err.message }, `${need.movement} not answered; retried later`);
        return;
      }
      if (err instanceof UnknownJobError && this.holdMayStillLand(entries)) {
        this.o.log?.info(
          { jobId: job.jobId },
          'no hold to release yet; the hold central gave up on may still land at the provider: asked again later',
        );
        return;
      }
      // A decision of the provider (or an answer central cannot trust): recorded, not retried; reconcile shows it.
      const why = err instanceof PaymentError ? `${err.code}: ${err.message}` : `error: ${(err as Error).message}`;
      await this.record(job, need.movement, 'refused', 'central', `${need.reason}; ${why}`);
      this.o.log?.warn({ jobId: job.jobId, error: why }, `${need.movement} refused by the payment provider`);
    }
  }

  /**
   * Whether the job's hold got no answer (central undid the job) recently enough that the provider may
   * still make it: a slow request it received before central's client timed out.
   */
  private holdMayStillLand(entries: readonly LedgerEntry[]): boolean {
    const hold = entries.filter((e) => e.movement === 'hold');
    const gaveUp = hold.find((e) => e.outcome === 'refused' && e.reason.startsWith('payment_unavailable;'));
    if (!gaveUp || hold.some((e) => e.outcome === 'done')) return false;
    return Date.parse(gaveUp.at) > this.now().getTime() - this.holdInDoubtMs;
  }

  /**
   * Settles every paid job whose capture or release is still unanswered (a call that got no answer, a
   * crash of central, a job never reported). Returns how many are still unsettled after it. One sweep at
   * a time.
   */
  async sweep(): Promise<number> {
    if (!this.o.provider.charges) return 0;
    this.sweeping ??= (async () => {
      try {
        for (const job of await this.o.ledger.unsettled()) await this.settle(job);
        return (await this.o.ledger.unsettled()).length;
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  /** A staff refund of a printed, captured job (by its serial): recorded with who and why. */
  async refund(serial: string, reason: string, by: string): Promise<PaymentRecord> {
    const job = await this.o.ledger.jobBySerial(serial);
    if (!job) throw new RefundRefused(`central has no document with serial ${serial}: check the serial on the paper`);
    if (!this.paid(job))
      throw new RefundRefused(
        `${serial} cost nothing through ${this.o.provider.name} (a free copy, a staff reprint, or a free provider): there is nothing to refund`,
      );
    const entries = await this.o.ledger.entries(job.jobId);
    if (!entries.some((e) => e.movement === 'capture' && e.outcome === 'done'))
      throw new RefundRefused(
        `${serial} was never charged (its fee was not captured: ${job.status}); nothing to refund. Run "estation central payments reconcile" if the card statement says otherwise`,
      );
    await this.record(job, 'refund', 'requested', by, reason);
    const r = await this.o.provider.refund(this.payment(job), reason, by);
    await this.done(job, 'refund', r, by, reason);
    return r;
  }
}

/** A refund staff asked for that central cannot make, with what to check. */
export class RefundRefused extends Error {
  override name = 'RefundRefused';
}
