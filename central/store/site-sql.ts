/**
 * SQL for "at this site or below it" (central/domain/staff-scope.ts's `covers`), for queries that a staff
 * member's sites limit (the audit, the monthly report). `substr` rather than LIKE, whose `_` (allowed in
 * site names) would match any character.
 */
import type { SqlValue } from '../../lib/sql/types.js';

/** What a reader may see: null for every station (an admin), else stations at these sites or below. */
export type SiteScope = readonly string[] | null;

/** `column` is `site` or a site below it. */
export function underSite(column: string, site: string): { sql: string; params: SqlValue[] } {
  return { sql: `(${column} = ? OR substr(${column}, 1, length(?) + 1) = ? || '/')`, params: [site, site, site] };
}

/** ` AND …` limiting `column` to the scope ('' for everything; nothing at all for no sites). */
export function scopeWhere(scope: SiteScope, column: string): { sql: string; params: SqlValue[] } {
  if (scope === null) return { sql: '', params: [] };
  if (scope.length === 0) return { sql: ' AND 1 = 0', params: [] };
  const parts = scope.map((s) => underSite(column, s));
  return { sql: ` AND (${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}
