/**
 * The calendar's versions and the free copies used per person, kind and term, in the database (the
 * rules: central/domain/terms.ts). Each `estation central terms set` appends a new version: earlier
 * calendars are kept, the highest version is the one in force. SqliteCentralStore delegates here;
 * nothing else touches `term_calendars` or `quota_used`.
 */
import { greatest } from '../../lib/sql/dialect.js';
import type { Sql } from '../../lib/sql/types.js';
import { parseCalendar, type Calendar } from '../domain/terms.js';

/** The calendar in force and when it was set, or null when none was ever set. */
export async function currentCalendar(db: Sql): Promise<(Calendar & { version: number; setAt: string }) | null> {
  const row = (await db.get('SELECT version, calendar, set_at FROM term_calendars ORDER BY version DESC LIMIT 1')) as
    { version: number; calendar: string; set_at: string } | undefined;
  // Validated when set: read back as stored.
  return row ? { ...(JSON.parse(row.calendar) as Calendar), version: row.version, setAt: row.set_at } : null;
}

/** Puts a new calendar in force (the ones before it are kept). Throws CalendarInvalid. */
export async function setCalendar(
  db: Sql,
  input: unknown,
  at: string,
): Promise<{ version: number; calendar: Calendar }> {
  const calendar = parseCalendar(input);
  const row = await db.get<{ version: number }>(
    'INSERT INTO term_calendars (calendar, set_at) VALUES (?, ?) RETURNING version',
    [JSON.stringify(calendar), at],
  );
  return { version: row!.version, calendar };
}

/** Free copies this person used in `term`, by kind (one query for a whole catalog). */
export async function quotaUsedByKind(db: Sql, personId: string, term: string): Promise<Map<string, number>> {
  const rows = await db.all<{ kind: string; used: number }>(
    'SELECT kind, used FROM quota_used WHERE person_id = ? AND term = ?',
    [personId, term],
  );
  return new Map(rows.map((r) => [r.kind, r.used]));
}

/** Counts `copies` free copies against `term` (inside the caller's transaction). */
export async function useQuota(db: Sql, personId: string, kind: string, term: string, copies: number): Promise<void> {
  await db.run(
    'INSERT INTO quota_used (person_id, kind, term, used) VALUES (?, ?, ?, ?) ON CONFLICT (person_id, kind, term) DO UPDATE SET used = quota_used.used + excluded.used',
    [personId, kind, term, copies],
  );
}

/** Gives `copies` free copies back to `term`, the term they were taken from (never below zero). */
export async function giveBackQuota(
  db: Sql,
  personId: string,
  kind: string,
  term: string,
  copies: number,
): Promise<void> {
  await db.run(
    `UPDATE quota_used SET used = ${greatest(db)}(0, used - ?) WHERE person_id = ? AND kind = ? AND term = ?`,
    [copies, personId, kind, term],
  );
}
