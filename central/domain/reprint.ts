/**
 * Whether a staff reprint of an original document is allowed, and why not (issue #12, finding 7): the
 * same document again for the same person, on the terminal that printed the original, in its language,
 * once, and only of an original that did not come out. The store reads the original and the staff
 * grant and records the reprint; the rules are here.
 */

/** The facts of the original a reprint is checked against (its `documents` row). */
export interface ReprintOriginal {
  terminalId: string;
  personId: string;
  kind: string;
  language: string;
  copies: number;
  status: string;
  reprintOf: string | null;
  reprintedAs: string | null;
}

/** What the reprint asks for. */
export interface ReprintAsk {
  terminalId: string;
  personId: string;
  kind: string;
  language: string;
  copies: number;
}

/** Why `original` cannot be reprinted as `ask` (completing "Job … cannot reprint …: "), or null when it can. */
export function reprintRefusal(original: ReprintOriginal | undefined, ask: ReprintAsk): string | null {
  const o = original;
  if (!o) return 'central never authorized the original';
  if (o.terminalId !== ask.terminalId) return 'the original belongs to another terminal';
  if (o.personId !== ask.personId || o.kind !== ask.kind || o.copies !== ask.copies)
    return 'the original is for another person, document or number of copies';
  // The same document again, never another language (the original's data only), and never a reprint of
  // a reprint (a chain gave one original any number of free serials).
  if (o.language !== ask.language) return `the original is in ${o.language}; a reprint is in the original's language`;
  if (o.reprintOf !== null)
    return `it is itself a reprint of ${o.reprintOf}; a document is reprinted once, from its original`;
  if (o.status === 'printed') return 'the original was printed';
  if (o.reprintedAs !== null) return `the original was already reprinted as ${o.reprintedAs}`;
  return null;
}

/**
 * What happens to the original's free copies: a reprint costs the student nothing more. An original
 * still `authorized` hands its free copies to the reprint (its cancellation then gives nothing back);
 * one whose cancellation already gave them back has them reserved again, without the quota check, in
 * the original's term: the student is owed this document.
 */
export function reprintQuota(originalStatus: string): 'move' | 'reserve_again' {
  return originalStatus === 'authorized' ? 'move' : 'reserve_again';
}
