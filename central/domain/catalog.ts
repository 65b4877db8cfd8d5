/**
 * What a person's catalog says of one kind (docs/central.md, "Document kinds", "Eligibility from
 * status", "Terms and quotas"): whether it is offered to them at all, and whether it is available now,
 * and why not, from values the store read (the kind, the person, the term, the copies used, the blocks
 * their record lacks). central/store/catalog.ts reads those and lists the catalog.
 */
import type { CatalogItem, LocalizedText } from '../../shared/domain.js';
import type { DataBlock, KindDefinition } from '../../shared/document-kind.js';
import type { PersonRecord } from '../../shared/person-record.js';
import { ineligibleNote, statusAllows, statusOf } from './eligibility.js';
import { freeRemaining as freeLeft, maxCopiesFor, quotaUsedUp } from './quota.js';
import type { QuotaTerm } from './terms.js';

/** What a person's record lacks when a block is missing, as the catalog's note says it ("没有…记录" / "No … on record"). */
const BLOCK_WORDS: Record<DataBlock, LocalizedText> = {
  student: { zh: '学籍', en: 'student record' },
  courses: { zh: '课程成绩', en: 'course results' },
  totals: { zh: '成绩', en: 'grades' },
  graduation: { zh: '毕业', en: 'graduation' },
  degree: { zh: '学位', en: 'degree' },
  ranking: { zh: '绩点排名', en: 'class rank' },
  cet: { zh: '四六级成绩', en: 'CET scores' },
  payments: { zh: '缴费', en: 'tuition payments' },
  teacher: { zh: '任职', en: 'employment record' },
  income: { zh: '收入', en: 'income' },
  titles: { zh: '职称', en: 'professional title' },
};

/** Why a kind cannot be printed for lack of records, in both languages: "没有四六级成绩记录" / "No CET scores on record". */
export function noRecordNote(missing: readonly DataBlock[]): LocalizedText {
  const words = missing.map((b) => BLOCK_WORDS[b]);
  return {
    zh: `没有${words.map((w) => w.zh).join('、')}记录`,
    en: `No ${words.map((w) => w.en).join(', ')} on record`,
  };
}

/** Whether a kind is offered to this person at all: enabled and of their audience. */
export const offered = (k: { disabled: boolean; definition: KindDefinition }, p: Pick<PersonRecord, 'role'>): boolean =>
  !k.disabled && k.definition.audience.includes(p.role);

/**
 * The catalog item of kind `k` for person `p` in `term`, who used `used` free copies of it there.
 * `missingBlocks` lists the blocks of `k` their record lacks; it is asked only for an eligible person.
 */
export function catalogItem(
  p: PersonRecord,
  k: KindDefinition,
  term: QuotaTerm,
  used: number,
  missingBlocks: () => readonly DataBlock[],
): CatalogItem {
  const status = statusOf(p);
  const freeRemaining = freeLeft(k.freePerTerm, used, term.key);
  const eligible = statusAllows(k.statuses, status);
  const missing = eligible ? missingBlocks() : [];
  const quotaOut = quotaUsedUp(k, freeRemaining);
  const why: Pick<CatalogItem, 'unavailableReason' | 'unavailableNote'> = !eligible
    ? {
        unavailableReason: 'not_eligible',
        ...(status ? { unavailableNote: ineligibleNote(p.role, status, k.title) } : {}),
      }
    : missing.length
      ? { unavailableReason: 'no_record', unavailableNote: noRecordNote(missing) }
      : quotaOut
        ? { unavailableReason: 'quota_used_up', ...(term.note ? { unavailableNote: term.note } : {}) }
        : {};
  return {
    kind: k.id,
    title: k.title,
    languages: k.languages,
    feeCents: k.feeCents,
    freeRemaining,
    maxCopies: maxCopiesFor(k, freeRemaining),
    available: why.unavailableReason === undefined,
    ...why,
    ...(k.purposes.length ? { purposes: k.purposes } : {}),
    ...(k.sensitive.length ? { sensitive: k.sensitive } : {}),
    validityDays: k.validityDays,
  };
}
