/**
 * Free copies per term and what a job is charged (docs/central.md, "Terms and quotas"): decisions from
 * values the store read (a kind's `freePerTerm`, `feeCents`, `maxCopies`, the copies a person used in the
 * term); the store reads and writes `quota_used`.
 */

/** What a kind allows per term and charges beyond it. */
export interface QuotaRules {
  freePerTerm: number;
  feeCents: number;
  maxCopies: number;
}

/**
 * Free copies a person has left of a kind: none in a gap without a term (`termKey` null under
 * `"gap": "none"`), never below zero (a kind's allowance may have been lowered after copies were used).
 */
export function freeRemaining(freePerTerm: number, used: number, termKey: string | null): number {
  return termKey === null ? 0 : Math.max(0, freePerTerm - used);
}

/** Whether a kind is out of reach for quota alone: no free copy left and no fee to pay for one. */
export function quotaUsedUp(rules: Pick<QuotaRules, 'feeCents'>, remaining: number): boolean {
  return remaining === 0 && rules.feeCents === 0;
}

/**
 * The most copies one job may ask for: a kind with a fee allows its `maxCopies`; a free-only kind no
 * more than the free copies left (at least 1, so the station can still show the kind, marked unavailable).
 */
export function maxCopiesFor(rules: QuotaRules, remaining: number): number {
  return rules.feeCents === 0 ? Math.max(1, Math.min(rules.maxCopies, remaining)) : rules.maxCopies;
}

/** How a job of `copies` is paid: free copies first, the rest at the kind's fee. */
export function chargeFor(copies: number, remaining: number, feeCents: number): { free: number; chargedCents: number } {
  const free = Math.min(copies, remaining);
  return { free, chargedCents: (copies - free) * feeCents };
}
