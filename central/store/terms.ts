/**
 * The calendar's versions and the free copies used per person, kind and term, in the database (the
 * rules: central/domain/terms.ts). Each `estation central terms set` appends a new version: earlier
 * calendars are kept, the highest version is the one in force. SqliteCentralStore delegates here;
 * nothing else touches `term_calendars` or `quota_used`.
 */
import { greatest } from '../../lib/sql/dialect.js';
import type { Sql } from '../../lib/sql/types.js';
import { localDate } from '../../shared/local-date.js';
import { LEGACY_TERM, parseCalendar, termOn, type Calendar, type QuotaTerm } from '../domain/terms.js';
import { institutionTimeZone } from './institution.js';

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

/** The term free quotas count in at `now` (the date in the institution's timezone). */
export async function quotaTermAt(db: Sql, now: Date): Promise<QuotaTerm> {
  const calendar = await currentCalendar(db);
  if (!calendar) return { key: LEGACY_TERM };
  return termOn(calendar, localDate(now, await institutionTimeZone(db)));
}

/** Free copies of `kind` this person used in `term`. */
export async function quotaUsed(db: Sql, personId: string, kind: string, term: string): Promise<number> {
  const row = (await db.get('SELECT used FROM quota_used WHERE person_id = ? AND kind = ? AND term = ?', [
    personId,
    kind,
    term,
  ])) as { used: number } | undefined;
  return row?.used ?? 0;
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
