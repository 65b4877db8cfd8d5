/**
 * Which persons a terminal may ask about: a card lookup binds the person to the terminal that looked
 * the card up, for a while (the rule and its reasons: docs/central.md, "Whose data a terminal may
 * read"; the windows: central/domain/card-binding.ts). Kept in SQLite, so a restart of central does not fail the jobs a station is still working
 * through. SqliteCentralStore delegates here; nothing else writes `card_lookups` (people.ts's personAndLookup reads a
 * person's lookup time with the person, in one query).
 */
import type { Sql } from '../../lib/sql/types.js';
import type { DocumentKind, Language } from '../../shared/domain.js';
import { lookedUpWithin } from '../domain/card-binding.js';

/**
 * Records a lookup at `nowMs`: one statement, no transaction (it conflicts with nothing). Lookups too old
 * to allow anything are pruned by the retention task (retention.ts), not here: a DELETE over the whole
 * table at every lookup made concurrent lookups conflict on PostgreSQL.
 */
export async function recordCardLookup(sql: Sql, terminalId: string, personId: string, nowMs: number): Promise<void> {
  await sql.run(
    'INSERT INTO card_lookups (terminal_id, person_id, looked_up_at) VALUES (?, ?, ?) ON CONFLICT (terminal_id, person_id) DO UPDATE SET looked_up_at = excluded.looked_up_at',
    [terminalId, personId, nowMs],
  );
}

/** Whether this terminal looked the person's card up within `withinMs` before `nowMs`. */
export async function cardLookedUp(
  db: Sql,
  terminalId: string,
  personId: string,
  nowMs: number,
  withinMs: number,
): Promise<boolean> {
  const row = (await db.get('SELECT looked_up_at FROM card_lookups WHERE terminal_id = ? AND person_id = ?', [
    terminalId,
    personId,
  ])) as { looked_up_at: number } | undefined;
  return lookedUpWithin(row?.looked_up_at, nowMs, withinMs);
}

/** Whether this terminal holds a document of this person, kind and language that is authorized and not yet reported. */
// A reprint never counts (issue #12, finding 7): it is authorized without a card lookup, so it must not open
// the person's data; the station prints a reprint from the original's kept data.
export async function hasAuthorizedDocument(
  db: Sql,
  terminalId: string,
  personId: string,
  kind: DocumentKind,
  language: Language,
): Promise<boolean> {
  return (
    (await db.get(
      "SELECT 1 FROM documents WHERE terminal_id = ? AND status = 'authorized' AND reprint_of IS NULL AND person_id = ? AND kind = ? AND language = ? LIMIT 1",
      [terminalId, personId, kind, language],
    )) !== undefined
  );
}

/**
 * Until when the binding is waived (null: never): a day after this database was upgraded to it
 * (migration 8). Only that migration writes the row, so the answer never changes once migrations ran.
 */
export async function cardLookupGraceUntil(db: Sql): Promise<number | null> {
  const row = (await db.get('SELECT MAX(until_ms) AS until FROM card_lookup_grace')) as { until: number | null };
  return row.until;
}
