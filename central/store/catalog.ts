/**
 * A person's catalog, made from the kinds central holds (central/store/kinds.ts) and nothing else: no
 * kind id is known here. Each enabled kind of the person's audience is listed; it is unavailable when
 * their status may not print it (`not_eligible`), when their record lacks a block it needs
 * (`no_record`, e.g. no CET scores for a CET report), or when its free copies are used up and it has no
 * fee (`quota_used_up`). The same rules decide which document data central serves (`servableKind`). The
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
import type { StoredKind } from './kinds.js';
import { quotaUsedByKind } from './terms.js';

/** The catalog item of one kind for one person, counted in `term` where they used `used` free copies. */
function item(p: PersonRecord, k: KindDefinition, term: QuotaTerm, used: number): CatalogItem {
  return catalogItem(p, k, term, used, () => documentBlocks(p, k.fields, 'zh').missing);
}

/** The person's catalog: every enabled kind of their audience, in the kinds' order. */
export async function catalogOf(
  db: Sql,
  p: PersonRecord,
  kinds: readonly StoredKind[],
  term: QuotaTerm,
): Promise<CatalogItem[]> {
  return catalogWith(p, kinds, term, await quotaUsedIn(db, p.id, term));
}

/** The free copies of each kind person `personId` used in `term` (none in a term that counts none). */
export async function quotaUsedIn(db: Sql, personId: string, term: QuotaTerm): Promise<Map<string, number>> {
  return term.key === null ? new Map() : quotaUsedByKind(db, personId, term.key);
}

/** The person's catalog (as catalogOf) from the free copies they used in `term`, as quotaUsedIn read them. */
export function catalogWith(
  p: PersonRecord,
  kinds: readonly StoredKind[],
  term: QuotaTerm,
  used: ReadonlyMap<string, number>,
): CatalogItem[] {
  return kinds.filter((k) => offered(k, p)).map((k) => item(p, k.definition, term, used.get(k.definition.id) ?? 0));
}

/**
 * The kind (`k`, as in force) if central may serve this person its data: enabled, of their audience and
 * their status allowed (kindBlocks then checks their record holds every block it reads). Null otherwise,
 * and for a kind central does not hold (null `k`).
 */
export function servableKind(k: StoredKind | null, p: PersonRecord): KindDefinition | null {
  if (!k || !offered(k, p) || !statusAllows(k.definition.statuses, statusOf(p))) return null;
  return k.definition;
}

/** The blocks of a kind's document for this person, or null when their record lacks one. */
export function kindBlocks(p: PersonRecord, k: KindDefinition, language: Language): Record<string, unknown> | null {
  const { data, missing } = documentBlocks(p, k.fields, language);
  return missing.length ? null : data;
}
