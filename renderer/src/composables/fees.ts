import type { CatalogItem } from '../../../shared/domain';

export interface FeeBreakdown {
  freeCopies: number;
  paidCopies: number;
  totalCents: number;
}

/** The fee applies only to copies beyond the student's free quota. */
export function feeFor(item: Pick<CatalogItem, 'feeCents' | 'freeRemaining'>, copies: number): FeeBreakdown {
  const freeCopies = Math.min(copies, item.freeRemaining ?? 0);
  const paidCopies = copies - freeCopies;
  return { freeCopies, paidCopies, totalCents: paidCopies * item.feeCents };
}
