/**
 * The calendar's versions and the free copies used per person, kind and term, in the database (the
 * rules: central/domain/terms.ts). Each `estation central terms set` appends a new version: earlier
 * calendars are kept, the highest version is the one in force. SqliteCentralStore delegates here;
 * nothing else touches `term_calendars` or `quota_used`.
 */
import type Database from 'better-sqlite3';
import { localDate } from '../../shared/local-date.js';
import { LEGACY_TERM, parseCalendar, termOn, type Calendar, type QuotaTerm } from '../domain/terms.js';
import { institutionTimeZone } from './institution.js';

/** The calendar in force and when it was set, or null when none was ever set. */
export function currentCalendar(db: Database.Database): (Calendar & { version: number; setAt: string }) | null {
  const row = db.prepare('SELECT version, calendar, set_at FROM term_calendars ORDER BY version DESC LIMIT 1').get() as
    { version: number; calendar: string; set_at: string } | undefined;
  // Validated when set: read back as stored.
  return row ? { ...(JSON.parse(row.calendar) as Calendar), version: row.version, setAt: row.set_at } : null;
}

/** Puts a new calendar in force (the ones before it are kept). Throws CalendarInvalid. */
export function setCalendar(
  db: Database.Database,
  input: unknown,
  at: string,
): { version: number; calendar: Calendar } {
  const calendar = parseCalendar(input);
  const { lastInsertRowid } = db
    .prepare('INSERT INTO term_calendars (calendar, set_at) VALUES (?, ?)')
    .run(JSON.stringify(calendar), at);
  return { version: Number(lastInsertRowid), calendar };
}

/** The term free quotas count in at `now` (the date in the institution's timezone). */
export function quotaTermAt(db: Database.Database, now: Date): QuotaTerm {
  const calendar = currentCalendar(db);
  if (!calendar) return { key: LEGACY_TERM };
  return termOn(calendar, localDate(now, institutionTimeZone(db)));
}

/** Free copies of `kind` this person used in `term`. */
export function quotaUsed(db: Database.Database, personId: string, kind: string, term: string): number {
  const row = db
    .prepare('SELECT used FROM quota_used WHERE person_id = ? AND kind = ? AND term = ?')
    .get(personId, kind, term) as { used: number } | undefined;
  return row?.used ?? 0;
}

/** Counts `copies` free copies against `term` (inside the caller's transaction). */
export function useQuota(db: Database.Database, personId: string, kind: string, term: string, copies: number): void {
  db.prepare(
    'INSERT INTO quota_used (person_id, kind, term, used) VALUES (?, ?, ?, ?) ON CONFLICT (person_id, kind, term) DO UPDATE SET used = used + excluded.used',
  ).run(personId, kind, term, copies);
}

/** Gives `copies` free copies back to `term`, the term they were taken from (never below zero). */
export function giveBackQuota(
  db: Database.Database,
  personId: string,
  kind: string,
  term: string,
  copies: number,
): void {
  db.prepare('UPDATE quota_used SET used = MAX(0, used - ?) WHERE person_id = ? AND kind = ? AND term = ?').run(
    copies,
    personId,
    kind,
    term,
  );
}
