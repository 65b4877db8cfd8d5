/**
 * The `document` block of a document's data (docs/data.md "Document data"): what the station adds to
 * what central sends. One builder for the print and the preview, so the preview says what will print.
 */
import { DEFAULT_PURPOSE, type Purpose } from '../../shared/domain.js';
import { validUntil } from '../../shared/document-kind.js';
import { documentTime, institutionTimezone } from './document-date.js';

export interface DocumentFacts {
  serial: string;
  verificationCode: string;
  /** When the person asked for it. */
  requestedAt: Date | string;
  /** The purpose picked; undefined: the general one. */
  purpose: Purpose | undefined;
  /** Days the document vouches for its holder; with it the block has `validUntil` (a local date). */
  validDays?: number | null | undefined;
}

export function documentBlock(facts: DocumentFacts, data: Record<string, unknown>): Record<string, string> {
  const purpose = facts.purpose ?? DEFAULT_PURPOSE;
  // The moment it was requested, in the institution's timezone: templates print its local date.
  const issuedAt = documentTime(facts.requestedAt, data);
  return {
    serial: facts.serial,
    verificationCode: facts.verificationCode,
    issuedAt,
    purpose: purpose.zh,
    purposeEn: purpose.en,
    ...(facts.validDays
      ? { validUntil: validUntil(facts.requestedAt, facts.validDays, institutionTimezone(data)) }
      : {}),
  };
}
