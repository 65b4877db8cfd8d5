/** Free copies per term and what a job is charged (central/domain/quota.ts). */
import { describe, expect, it } from 'vitest';
import { chargeFor, freeRemaining, maxCopiesFor, quotaUsedUp } from '../../../../central/domain/quota.js';

describe('freeRemaining', () => {
  it('is the allowance less what was used in the term', () => {
    expect(freeRemaining(4, 1, '2026-2027-1')).toBe(3);
  });
  it('is never below zero (an allowance lowered after copies were used)', () => {
    expect(freeRemaining(2, 5, '2026-2027-1')).toBe(0);
  });
  it('is zero in a gap without a term, whatever was used', () => {
    expect(freeRemaining(4, 0, null)).toBe(0);
  });
});

describe('quotaUsedUp and maxCopiesFor', () => {
  const free = { freePerTerm: 2, feeCents: 0, maxCopies: 5 };
  const paid = { freePerTerm: 2, feeCents: 500, maxCopies: 5 };
  it('a free-only kind is used up with no free copy left; a kind with a fee never is', () => {
    expect(quotaUsedUp(free, 0)).toBe(true);
    expect(quotaUsedUp(free, 1)).toBe(false);
    expect(quotaUsedUp(paid, 0)).toBe(false);
  });
  it('a free-only kind allows no more copies than are left, and at least 1', () => {
    expect(maxCopiesFor(free, 2)).toBe(2);
    expect(maxCopiesFor(free, 9)).toBe(5);
    expect(maxCopiesFor(free, 0)).toBe(1);
  });
  it('a kind with a fee allows its maximum whatever is left', () => {
    expect(maxCopiesFor(paid, 0)).toBe(5);
  });
});

describe('chargeFor', () => {
  it('takes free copies first and charges the rest at the fee', () => {
    expect(chargeFor(3, 1, 500)).toEqual({ free: 1, chargedCents: 1000 });
  });
  it('charges nothing while free copies cover the job', () => {
    expect(chargeFor(2, 4, 500)).toEqual({ free: 2, chargedCents: 0 });
  });
  it('charges every copy when none is free', () => {
    expect(chargeFor(2, 0, 300)).toEqual({ free: 0, chargedCents: 600 });
  });
});
