/**
 * The kiosk API's error codes and the student's notice codes, as plain lists: the one place they are
 * declared. shared/kiosk-api.ts builds its schemas from them; the renderer imports this file (and no
 * zod) for its notice screen; the language files type their notice texts with `NoticeCode`.
 */

/**
 * Central's refusals of a paid job because its fee could not be held (issue #17, docs/payments.md): the
 * job was not authorized, nothing printed, nothing charged. `insufficient_balance`: the card's available
 * balance is short (top up at the campus card office); `no_payment_account`: the payment service has no
 * account for the person (the card office opens one); `payment_unavailable`: the payment service did not
 * answer (try again later).
 */
export const PAYMENT_REFUSALS = ['insufficient_balance', 'no_payment_account', 'payment_unavailable'] as const;
export type PaymentRefusal = (typeof PAYMENT_REFUSALS)[number];

/** Every error code the kiosk core (and the hosts in front of it) can answer a method call with. */
export const KIOSK_ERROR_CODES = [
  'invalid_input',
  'no_session',
  'item_unavailable',
  'printer_not_ready',
  'central_unreachable',
  'out_of_service',
  'not_demo',
  'unknown_method',
  'not_in_maintenance',
  'staff_locked',
  /** The staff PIN is right, but central says this staff member may not maintain this station (its site). */
  'staff_not_this_site',
  'preview_failed',
  'job_not_found',
  'job_not_in_attention',
  'job_not_flagged',
  /** The core failed in a way it did not foresee (the log says more). */
  'internal',
  /** Electron: the call did not come from the kiosk page. */
  'forbidden',
  /**
   * A print job, not a call: central refused it because the person's records changed since the preview
   * (issue #15); nothing was printed or charged, and the student looks at the preview again.
   */
  'records_changed',
  /** A print job, not a call: central could not hold its fee (PAYMENT_REFUSALS); nothing printed or charged. */
  ...PAYMENT_REFUSALS,
] as const;
export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

/** Why a card opened no session. */
export const SESSION_REJECTIONS = [
  'card_unknown',
  'central_unreachable',
  'out_of_service',
  'not_a_student',
  'staff_locked',
  /** Central paused this station's card lookups: more than people tap (issue #12, finding 8). */
  'too_many_lookups',
] as const;

/**
 * What the student's notice screen explains in words: why a card opened no session, the errors a
 * student can act on, a used-up quota, and `generic` for everything else. A code here without texts
 * in a language file fails typecheck.
 */
export const NOTICE_CODES = [
  ...SESSION_REJECTIONS,
  ...([
    'printer_not_ready',
    'item_unavailable',
    'no_session',
    'records_changed',
    ...PAYMENT_REFUSALS,
  ] as const satisfies readonly KioskErrorCode[]),
  'quota_used_up',
  'generic',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

/** The notice a code shows: its own, or the generic one. */
export function noticeFor(code: string): NoticeCode {
  return NOTICE_CODES.find((c) => c === code) ?? 'generic';
}
