/**
 * A person's catalog, made from the kinds central holds (central/store/kinds.ts) and nothing else: no
 * kind id is known here. Each enabled kind of the person's audience is listed; it is unavailable when
 * their status may not print it (`not_eligible`), when their record lacks a block it needs
 * (`no_record`, e.g. no CET scores for a CET report), or when its free copies are used up and it has no
 * fee (`quota_used_up`). The same rules decide which document data central serves (`kindFor`).
 */
import type Database from 'better-sqlite3';
import type { CatalogItem, Language, LocalizedText } from '../../shared/domain.js';
import type { DataBlock, KindDefinition } from '../../shared/document-kind.js';
import type { PersonRecord } from '../../shared/person-record.js';
import { documentBlocks } from '../people/document-data.js';
import { ineligibleNote, statusAllows, statusOf } from '../domain/eligibility.js';
import { currentKind, type StoredKind } from './kinds.js';
import { quotaUsed } from './terms.js';
import type { QuotaTerm } from '../domain/terms.js';
import { freeRemaining as freeLeft, maxCopiesFor, quotaUsedUp } from '../domain/quota.js';

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
const offered = (k: StoredKind, p: PersonRecord) => !k.disabled && k.definition.audience.includes(p.role);

/** The catalog item of one kind for one person, counted in `term`. */
function item(db: Database.Database, p: PersonRecord, k: KindDefinition, term: QuotaTerm): CatalogItem {
  const status = statusOf(p);
  const freeRemaining = freeLeft(k.freePerTerm, term.key === null ? 0 : quotaUsed(db, p.id, k.id, term.key), term.key);
  const eligible = statusAllows(k.statuses, status);
  const missing = eligible ? documentBlocks(p, k.fields, 'zh').missing : [];
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

/** The person's catalog: every enabled kind of their audience, in the kinds' order. */
export function catalogOf(
  db: Database.Database,
  p: PersonRecord,
  kinds: readonly StoredKind[],
  term: QuotaTerm,
): CatalogItem[] {
  return kinds.filter((k) => offered(k, p)).map((k) => item(db, p, k.definition, term));
}

/**
 * The kind whose data central may serve this person: enabled, of their audience, their status allowed
 * and their record holding every block it reads. Null otherwise (and for an id central does not hold).
 */
export function kindFor(db: Database.Database, p: PersonRecord, kindId: string): KindDefinition | null {
  const k = currentKind(db, kindId);
  if (!k || !offered(k, p) || !statusAllows(k.definition.statuses, statusOf(p))) return null;
  return k.definition;
}

/** The blocks of a kind's document for this person, or null when their record lacks one. */
export function kindBlocks(p: PersonRecord, k: KindDefinition, language: Language): Record<string, unknown> | null {
  const { data, missing } = documentBlocks(p, k.fields, language);
  return missing.length ? null : data;
}
