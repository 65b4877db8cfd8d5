/**
 * The HTTP API of the reference campus-card service (campus-card/, `estation campus-card serve`), declared
 * once: the service validates what it receives against these schemas and central's client
 * (central/payments/campus-card-client.ts) validates every answer against them, so a service that answers
 * something else is caught at the border. Amounts are whole fen (cents of a yuan). docs/payments.md
 * describes each route.
 */
import { z } from 'zod';

/** A person's id at central (student or staff number); the campus-card account is keyed by it. */
export const PersonId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a person id is 1 to 64 letters, digits, . _ -');
/** Central's job id: the idempotency key of every money call for that job. */
export const JobId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'a job id is 1 to 128 letters, digits, . _ : -');
/** A positive amount in fen, at most ¥100,000 (a print never costs that much; a bigger number is a mistake). */
export const AmountCents = z.number().int().positive().max(10_000_000);

export const HOLD_STATES = ['held', 'captured', 'released', 'refunded'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

export const MOVEMENT_KINDS = ['top_up', 'hold', 'capture', 'release', 'refund'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** GET /v1/accounts/:person. `balanceCents` is the money on the card, `heldCents` what open holds reserve. */
export const AccountAnswer = z.object({
  person: PersonId,
  balanceCents: z.number().int().nonnegative(),
  heldCents: z.number().int().nonnegative(),
  availableCents: z.number().int().nonnegative(),
});
export type AccountAnswer = z.infer<typeof AccountAnswer>;

/** POST /v1/accounts/:person/top-ups (the demo's cash desk): idempotent by `reference`. */
export const TopUpRequest = z.object({ amountCents: AmountCents, reference: z.string().min(1).max(128) }).strict();
export type TopUpRequest = z.infer<typeof TopUpRequest>;

/** PUT /v1/holds/:job: reserve `amountCents` of `person`'s balance for the job. */
export const HoldRequest = z.object({ person: PersonId, amountCents: AmountCents }).strict();
export type HoldRequest = z.infer<typeof HoldRequest>;

/** POST /v1/holds/:job/refund. `by` is the staff member who decided it, for the service's statement. */
export const RefundRequest = z.object({ reason: z.string().min(1).max(500), by: z.string().min(1).max(64) }).strict();
export type RefundRequest = z.infer<typeof RefundRequest>;

/**
 * Every hold route answers the job's hold as it now stands. `reference` is the service's reference of the
 * movement that brought it to `state` (central records it in its ledger; the statement lists it).
 */
export const HoldAnswer = z.object({
  job: JobId,
  person: PersonId,
  amountCents: AmountCents,
  state: z.enum(HOLD_STATES),
  reference: z.string().min(1),
});
export type HoldAnswer = z.infer<typeof HoldAnswer>;

/** One money movement of a statement. `balanceAfterCents` is the card's balance after it. */
export const Movement = z.object({
  reference: z.string().min(1),
  at: z.string().datetime(),
  kind: z.enum(MOVEMENT_KINDS),
  person: PersonId,
  job: JobId.nullable(),
  amountCents: AmountCents,
  balanceAfterCents: z.number().int().nonnegative(),
  note: z.string().nullable(),
});
export type Movement = z.infer<typeof Movement>;

/** GET /v1/statements/:date (YYYY-MM-DD, a UTC day): every movement of the day, oldest first. */
export const StatementAnswer = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  movements: z.array(Movement),
});
export type StatementAnswer = z.infer<typeof StatementAnswer>;

/** The codes of the service's error answers ({ error, message, ... }), with their HTTP status. */
export const CARD_ERRORS = {
  bad_request: 400,
  unauthorized: 401,
  insufficient_balance: 402,
  unknown_account: 404,
  unknown_job: 404,
  job_conflict: 409,
  injected_fault: 503,
} as const;
export type CardErrorCode = keyof typeof CARD_ERRORS;

export const ErrorAnswer = z.object({
  error: z.string(),
  message: z.string(),
  availableCents: z.number().int().nonnegative().optional(),
  neededCents: z.number().int().nonnegative().optional(),
});
export type ErrorAnswer = z.infer<typeof ErrorAnswer>;

/**
 * Fault injection (tests and the demo), GET and PUT /v1/admin/faults. Each fault happens on the next `next`
 * money calls (hold, capture, release, refund), then on a `rate` share of them at random:
 * - `slow`: the call waits `slowMs` before the service handles it (a client that gave up retries meanwhile);
 * - `error5xx`: answers 503 and does nothing;
 * - `loseAfterCommit`: commits, then drops the connection without an answer;
 * - `duplicate`: the call is handled twice, as if the network had delivered it twice;
 * - `wrongAmount`: answers an amount one fen off what it recorded (a lying service).
 */
export const FAULT_KINDS = ['slow', 'error5xx', 'loseAfterCommit', 'duplicate', 'wrongAmount'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FaultRule = z.object({
  next: z.number().int().nonnegative().max(1_000_000).default(0),
  rate: z.number().min(0).max(1).default(0),
});
export const FaultSettings = z
  .object({
    slowMs: z.number().int().nonnegative().max(600_000).default(0),
    ...(Object.fromEntries(FAULT_KINDS.map((k) => [k, FaultRule.optional()])) as Record<
      FaultKind,
      z.ZodOptional<typeof FaultRule>
    >),
  })
  .strict();
export type FaultSettings = z.input<typeof FaultSettings>;
/** GET /v1/admin/faults: the settings as they stand, how often each fault happened, and how many money calls are being handled right now. */
export const FaultStatus = z.object({
  slowMs: z.number().int(),
  rules: z.record(z.enum(FAULT_KINDS), z.object({ next: z.number().int(), rate: z.number() })),
  /** How often each fault has happened since the service started. */
  happened: z.record(z.enum(FAULT_KINDS), z.number().int().nonnegative()),
  inFlight: z.number().int().nonnegative(),
});
export type FaultStatus = z.infer<typeof FaultStatus>;
