/**
 * The campus-card service's money rules over its database. Every operation is one IMMEDIATE transaction
 * and idempotent: a hold is keyed by central's job id, so a call that arrives twice (a retry after a lost
 * answer, a duplicated delivery) finds the job's hold and answers it as it stands instead of moving money
 * again; a top-up is keyed by its reference. A movement row is only ever added (the statement is the
 * history), and a job has at most one movement of each kind (a unique index says so a second time).
 */
import type Database from 'better-sqlite3';
import type {
  AccountAnswer,
  CardErrorCode,
  HoldAnswer,
  HoldState,
  Movement,
  MovementKind,
} from '../shared/campus-card-api.js';

/** An answer the service refuses with: its code (shared/campus-card-api.ts, CARD_ERRORS) and a message. */
export class CardError extends Error {
  override name = 'CardError';
  constructor(
    readonly code: CardErrorCode,
    message: string,
    readonly extra: { availableCents?: number; neededCents?: number } = {},
  ) {
    super(message);
  }
}

interface HoldRow {
  job: string;
  person: string;
  amount_cents: number;
  state: HoldState;
  reference: string;
}

/** ¥12.34 for 1234 fen. */
export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

export class CardLedger {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  account(person: string): AccountAnswer {
    const row = this.db.prepare('SELECT balance_cents FROM accounts WHERE person = ?').get(person) as
      { balance_cents: number } | undefined;
    if (!row)
      throw new CardError(
        'unknown_account',
        `no campus-card account for ${person}: the card office opens one (in the demo, a top-up does)`,
      );
    const held = (
      this.db
        .prepare("SELECT COALESCE(SUM(amount_cents), 0) AS held FROM holds WHERE person = ? AND state = 'held'")
        .get(person) as { held: number }
    ).held;
    return { person, balanceCents: row.balance_cents, heldCents: held, availableCents: row.balance_cents - held };
  }

  /** Adds money to `person`'s card (opening the account if needed); the same `reference` twice adds it once. */
  topUp(person: string, amountCents: number, reference: string): AccountAnswer {
    return this.tx(() => {
      const done = this.db
        .prepare("SELECT person, amount_cents FROM movements WHERE kind = 'top_up' AND top_up_reference = ?")
        .get(reference) as { person: string; amount_cents: number } | undefined;
      if (done) {
        if (done.person !== person || done.amount_cents !== amountCents)
          throw new CardError(
            'job_conflict',
            `top-up ${reference} was already made for ${done.person}, ${yuan(done.amount_cents)}: give a new reference`,
          );
        return this.account(person);
      }
      const at = this.now().toISOString();
      this.db
        .prepare('INSERT OR IGNORE INTO accounts (person, balance_cents, created_at) VALUES (?, 0, ?)')
        .run(person, at);
      this.db
        .prepare('UPDATE accounts SET balance_cents = balance_cents + ? WHERE person = ?')
        .run(amountCents, person);
      this.addMovement('top_up', person, null, amountCents, `top-up ${reference}`, reference);
      return this.account(person);
    });
  }

  /** Reserves `amountCents` of `person`'s balance for `job`. */
  hold(job: string, person: string, amountCents: number): HoldAnswer {
    return this.tx(() => {
      const existing = this.findHold(job);
      if (existing) {
        if (existing.person !== person || existing.amount_cents !== amountCents)
          throw new CardError(
            'job_conflict',
            `job ${job} already has a hold for ${existing.person}, ${yuan(existing.amount_cents)}; ` +
              `a job is held once: central gives a new print request a new job id`,
          );
        return answer(existing);
      }
      const { availableCents } = this.account(person);
      if (availableCents < amountCents)
        throw new CardError(
          'insufficient_balance',
          `${person}'s card has ${yuan(availableCents)} available, the job needs ${yuan(amountCents)}: top up the card and try again`,
          { availableCents, neededCents: amountCents },
        );
      const at = this.now().toISOString();
      const reference = this.addMovement('hold', person, job, amountCents, null);
      this.db
        .prepare(
          "INSERT INTO holds (job, person, amount_cents, state, reference, created_at, updated_at) VALUES (?, ?, ?, 'held', ?, ?, ?)",
        )
        .run(job, person, amountCents, reference, at, at);
      return answer(this.findHold(job)!);
    });
  }

  /** Takes the held money. A job captured (or since refunded) before answers as it stands. */
  capture(job: string): HoldAnswer {
    return this.tx(() => {
      const hold = this.mustFindHold(job);
      if (hold.state === 'captured' || hold.state === 'refunded') return answer(hold);
      if (hold.state === 'released')
        throw new CardError('job_conflict', `job ${job}'s hold was released: there is nothing to capture`);
      this.db
        .prepare('UPDATE accounts SET balance_cents = balance_cents - ? WHERE person = ?')
        .run(hold.amount_cents, hold.person);
      return this.moveHold(hold, 'capture', 'captured', null);
    });
  }

  /** Gives the held money back to the card (the job did not print). */
  release(job: string): HoldAnswer {
    return this.tx(() => {
      const hold = this.mustFindHold(job);
      if (hold.state === 'released') return answer(hold);
      if (hold.state !== 'held')
        throw new CardError(
          'job_conflict',
          `job ${job} was already charged (${hold.state}): refund it instead of releasing`,
        );
      return this.moveHold(hold, 'release', 'released', null);
    });
  }

  /** Pays a captured job back onto the card. */
  refund(job: string, reason: string, by: string): HoldAnswer {
    return this.tx(() => {
      const hold = this.mustFindHold(job);
      if (hold.state === 'refunded') return answer(hold);
      if (hold.state !== 'captured')
        throw new CardError('job_conflict', `job ${job} was never charged (${hold.state}): there is nothing to refund`);
      this.db
        .prepare('UPDATE accounts SET balance_cents = balance_cents + ? WHERE person = ?')
        .run(hold.amount_cents, hold.person);
      return this.moveHold(hold, 'refund', 'refunded', `${by}: ${reason}`);
    });
  }

  /** The job's hold as it stands. */
  status(job: string): HoldAnswer {
    return answer(this.mustFindHold(job));
  }

  /** Every movement of the UTC day `date` (YYYY-MM-DD), oldest first. */
  statement(date: string): Movement[] {
    const from = new Date(`${date}T00:00:00.000Z`);
    const to = new Date(from.getTime() + 86_400_000);
    const rows = this.db
      .prepare(
        `SELECT id, at, kind, person, job, amount_cents, balance_after_cents, note FROM movements
          WHERE at >= ? AND at < ? ORDER BY id`,
      )
      .all(from.toISOString(), to.toISOString()) as {
      id: number;
      at: string;
      kind: MovementKind;
      person: string;
      job: string | null;
      amount_cents: number;
      balance_after_cents: number;
      note: string | null;
    }[];
    return rows.map((r) => ({
      reference: reference(r.id),
      at: r.at,
      kind: r.kind,
      person: r.person,
      job: r.job,
      amountCents: r.amount_cents,
      balanceAfterCents: r.balance_after_cents,
      note: r.note,
    }));
  }

  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private findHold(job: string): HoldRow | undefined {
    return this.db.prepare('SELECT job, person, amount_cents, state, reference FROM holds WHERE job = ?').get(job) as
      HoldRow | undefined;
  }

  private mustFindHold(job: string): HoldRow {
    const hold = this.findHold(job);
    if (!hold)
      throw new CardError(
        'unknown_job',
        `no hold for job ${job}: central holds a job before it captures, releases or refunds it`,
      );
    return hold;
  }

  private moveHold(hold: HoldRow, kind: MovementKind, state: HoldState, note: string | null): HoldAnswer {
    const ref = this.addMovement(kind, hold.person, hold.job, hold.amount_cents, note);
    this.db
      .prepare('UPDATE holds SET state = ?, reference = ?, updated_at = ? WHERE job = ?')
      .run(state, ref, this.now().toISOString(), hold.job);
    return answer(this.findHold(hold.job)!);
  }

  private addMovement(
    kind: MovementKind,
    person: string,
    job: string | null,
    amountCents: number,
    note: string | null,
    topUpReference: string | null = null,
  ): string {
    const { balance_cents } = this.db.prepare('SELECT balance_cents FROM accounts WHERE person = ?').get(person) as {
      balance_cents: number;
    };
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO movements (at, kind, person, job, amount_cents, balance_after_cents, top_up_reference, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.now().toISOString(), kind, person, job, amountCents, balance_cents, topUpReference, note);
    return reference(Number(lastInsertRowid));
  }
}

/** The service's reference of a movement, as the statement and every answer give it. */
const reference = (id: number) => `CC${String(id).padStart(8, '0')}`;

const answer = (h: HoldRow): HoldAnswer => ({
  job: h.job,
  person: h.person,
  amountCents: h.amount_cents,
  state: h.state,
  reference: h.reference,
});
