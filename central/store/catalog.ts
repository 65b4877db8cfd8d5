/**
 * A person's catalog, made from the kinds central holds (central/store/kinds.ts) and nothing else: no
 * kind id is known here. Each enabled kind of the person's audience is listed; it is unavailable when
 * their status may not print it (`not_eligible`), when their record lacks a block it needs
 * (`no_record`, e.g. no CET scores for a CET report), or when its free copies are used up and it has no
 * fee (`quota_used_up`). The same rules decide which document data central serves (`kindFor`). The
 * rules are central/domain/catalog.ts; this module reads the copies used and the person's blocks.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { CatalogItem, Language } from '../../shared/domain.js';
import type { KindDefinition } from '../../shared/document-kind.js';
import type { PersonRecord } from '../../shared/person-record.js';
import { documentBlocks } from '../people/document-data.js';
import { catalogItem, offered } from '../domain/catalog.js';
import { statusAllows, statusOf } from '../domain/eligibility.js';
import type { QuotaTerm } from '../domain/terms.js';
import { currentKind, type StoredKind } from './kinds.js';
import { quotaUsed } from './terms.js';

/** The catalog item of one kind for one person, counted in `term`. */
async function item(db: Sql, p: PersonRecord, k: KindDefinition, term: QuotaTerm): Promise<CatalogItem> {
  const used = term.key === null ? 0 : await quotaUsed(db, p.id, k.id, term.key);
  return catalogItem(p, k, term, used, () => documentBlocks(p, k.fields, 'zh').missing);
}

/** The person's catalog: every enabled kind of their audience, in the kinds' order. */
export async function catalogOf(
  db: Sql,
  p: PersonRecord,
  kinds: readonly StoredKind[],
  term: QuotaTerm,
): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  for (const k of kinds) if (offered(k, p)) items.push(await item(db, p, k.definition, term));
  return items;
}

/**
 * The kind whose data central may serve this person: enabled, of their audience, their status allowed
 * and their record holding every block it reads. Null otherwise (and for an id central does not hold).
 */
export async function kindFor(db: Sql, p: PersonRecord, kindId: string): Promise<KindDefinition | null> {
  const k = await currentKind(db, kindId);
  if (!k || !offered(k, p) || !statusAllows(k.definition.statuses, statusOf(p))) return null;
  return k.definition;
}

/** The blocks of a kind's document for this person, or null when their record lacks one. */
export function kindBlocks(p: PersonRecord, k: KindDefinition, language: Language): Record<string, unknown> | null {
  const { data, missing } = documentBlocks(p, k.fields, language);
  return missing.length ? null : data;
}
