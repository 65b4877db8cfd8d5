/**
 * Students and teachers as canonical records (shared/person-record.ts), their cards with history, and
 * the maintenance staff (docs/data.md, "People"). SqliteCentralStore delegates here; nothing else
 * touches `people`, `person_cards` or `staff`.
 *
 * Rules kept here, in one place:
 * - nobody is deleted: a person absent from a full import is deactivated (`active` 0), and their
 *   documents stay verifiable;
 * - a card is held by at most one active person: a record claiming a card another active person (or a
 *   staff member) holds is rejected and changes nothing;
 * - a card left out of a record is retired (`retired_at`), never removed, so the history stays;
 * - the same record again is `unchanged` and writes nothing (its content hash is compared).
 */
import { createHash } from 'node:crypto';
import { forUpdate, jsonText } from '../../lib/sql/dialect.js';
import type { Sql } from '../../lib/sql/types.js';
import type { Role } from '../../shared/domain.js';
import { PersonRecord, type PersonRecordInput } from '../../shared/person-record.js';
import type { UpsertResult } from '../people/people-sink.js';

/** A person as central holds them: the record, and whether their cards work. */
export interface StoredPerson {
  record: PersonRecord;
  active: boolean;
}

/** A maintenance staff member: a card and a PIN for maintenance mode and the dashboard, never imported. */
export interface StaffMember {
  id: string;
  card: string;
  name: string;
  nameLatin: string;
  pinHash: string;
}

/** One row of a card's history. */
export interface CardHolding {
  card: string;
  personId: string;
  since: string;
  retiredAt: string | null;
}

interface PersonRow {
  id: string;
  role: string;
  active: number;
  json: string;
  content_hash: string;
}

/** The hash an identical upsert is recognised by: of the record's JSON as stored (defaults applied). */
const hashOf = (json: string) => createHash('sha256').update(json).digest('hex');

// Stored records were validated on the way in: read as they are.
const stored = (row: PersonRow): StoredPerson => ({
  record: JSON.parse(row.json) as PersonRecord,
  active: row.active === 1,
});

/** The person with this id, active or not (documents of a deactivated person must stay verifiable). */
export async function personById(db: Sql, id: string, options: { lock?: boolean } = {}): Promise<StoredPerson | null> {
  // `lock`: their row stays locked until the transaction ends (forUpdate in lib/sql/dialect.ts).
  const lock = options.lock ? forUpdate(db) : '';
  const row = (await db.get(`SELECT * FROM people WHERE id = ?${lock}`, [id])) as PersonRow | undefined;
  return row ? stored(row) : null;
}

/**
 * personById, with when `terminalId` last looked up the person's card (card-lookups.ts keeps the rule)
 * read in the same query: a session's data and authorization each ask both, and on PostgreSQL every query
 * is a round trip. Null when there is no such person (then there is no lookup either).
 */
export async function personAndLookup(
  db: Sql,
  id: string,
  terminalId: string,
  options: { lock?: boolean } = {},
): Promise<(StoredPerson & { lookedUpAtMs: number | undefined }) | null> {
  const lock = options.lock ? forUpdate(db) : '';
  const row = (await db.get(
    `SELECT p.*, (SELECT l.looked_up_at FROM card_lookups l WHERE l.terminal_id = ? AND l.person_id = p.id) AS looked_up_at
       FROM people p WHERE p.id = ?${lock}`,
    [terminalId, id],
  )) as (PersonRow & { looked_up_at: number | null }) | undefined;
  return row ? { ...stored(row), lookedUpAtMs: row.looked_up_at ?? undefined } : null;
}

type StaffRow = { id: string; card: string; name: string; name_latin: string; pin_hash: string };

const toStaff = (row: StaffRow): StaffMember => ({
  id: row.id,
  card: row.card,
  name: row.name,
  nameLatin: row.name_latin,
  pinHash: row.pin_hash,
});

export async function staffByCard(db: Sql, card: string): Promise<StaffMember | null> {
  const row = (await db.get('SELECT * FROM staff WHERE card = ?', [card])) as StaffRow | undefined;
  return row ? toStaff(row) : null;
}

/**
 * Who a tapped card belongs to, in one query: the active person whose live card it is (a retired card,
 * or a deactivated holder's, works no more), and the staff entry with this card (a teacher who is also
 * maintenance staff has both; either may be null).
 */
export async function cardHolders(
  db: Sql,
  card: string,
): Promise<{ person: PersonRecord | null; staff: StaffMember | null }> {
  const row = (await db.get(
    `SELECT (SELECT p.json FROM person_cards c JOIN people p ON p.id = c.person_id
             WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1) AS person_json,
            s.id, s.card, s.name, s.name_latin, s.pin_hash
     FROM (SELECT 1 AS one) AS card_query LEFT JOIN staff s ON s.card = ?`,
    [card, card],
  )) as (Partial<StaffRow> & { person_json: string | null }) | undefined;
  return {
    person: row?.person_json ? (JSON.parse(row.person_json) as PersonRecord) : null,
    staff: row?.id ? toStaff(row as StaffRow) : null,
  };
}

/**
 * The name printed documents were issued to (zh), whoever the holder was: a person (active or not), a
 * staff member, or an old `persons` row that could not become a canonical record. Null if none.
 */
export async function holderName(db: Sql, id: string): Promise<string | null> {
  const person = await personById(db, id);
  if (person) return person.record.name.zh;
  const staff = (await db.get('SELECT name FROM staff WHERE id = ?', [id])) as { name: string } | undefined;
  if (staff) return staff.name;
  const legacy = (await db.get(`SELECT ${jsonText(db, 'json', 'name')} AS name FROM persons WHERE id = ?`, [id])) as
    { name: string | null } | undefined;
  return legacy?.name ?? null;
}

/** Every card this person ever held, oldest first. */
export async function cardHistory(db: Sql, personId: string): Promise<CardHolding[]> {
  const rows = (await db.all(
    'SELECT card, person_id, since, retired_at FROM person_cards WHERE person_id = ? ORDER BY id',
    [personId],
  )) as { card: string; person_id: string; since: string; retired_at: string | null }[];
  return rows.map((r) => ({ card: r.card, personId: r.person_id, since: r.since, retiredAt: r.retired_at }));
}

/** A card number as a refusal names it to an admin: enough to find it, not enough to copy it. */
export function maskCard(card: string): string {
  return card.length <= 4 ? card : `${card.slice(0, 2)}${'*'.repeat(card.length - 4)}${card.slice(-2)}`;
}

/** The statements an upsert runs for every record (30,000 records in an import): each text prepared once. */
const UPSERT = {
  person: 'SELECT active, content_hash FROM people WHERE id = ?',
  holder:
    'SELECT c.person_id FROM person_cards c JOIN people p ON p.id = c.person_id WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1 AND c.person_id <> ?',
  staff: 'SELECT id FROM staff WHERE card = ?',
  update:
    'UPDATE people SET role = ?, status = ?, active = 1, json = ?, content_hash = ?, updated_at = ?, deactivated_at = NULL WHERE id = ?',
  insert:
    'INSERT INTO people (id, role, status, active, json, content_hash, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)',
  held: 'SELECT id, card FROM person_cards WHERE person_id = ? AND retired_at IS NULL',
  retire: 'UPDATE person_cards SET retired_at = ? WHERE id = ?',
  release: 'UPDATE person_cards SET retired_at = ? WHERE card = ? AND person_id <> ? AND retired_at IS NULL',
  addCard: 'INSERT INTO person_cards (card, person_id, since, retired_at) VALUES (?, ?, ?, NULL)',
} as const;

/** Why `record` may not take its cards, or null: a card held by another active person or by a staff member. */
async function cardConflict(db: Sql, record: PersonRecord): Promise<string | null> {
  for (const card of record.cards) {
    const other = await db.get<{ person_id: string }>(UPSERT.holder, [card, record.id]);
    if (other)
      return `card ${maskCard(card)} belongs to ${other.person_id}, who is active: a card works for one person only. Leave it out of ${other.person_id}'s record first (the card is then retired there), or correct this record.`;
    const member = await db.get<{ id: string }>(UPSERT.staff, [card]);
    // A staff entry with the person's own id is their maintenance permission on their own card.
    if (member && member.id !== record.id)
      return `card ${maskCard(card)} is the maintenance staff card of ${member.id}: a staff card cannot also be a student's or a teacher's.`;
  }
  return null;
}

/** Makes the person's held cards exactly `cards`: others are retired, new ones start now (inside a transaction). */
async function setCards(db: Sql, record: PersonRecord, now: string): Promise<void> {
  const held = await db.all<{ id: number; card: string }>(UPSERT.held, [record.id]);
  const wanted = new Set(record.cards);
  for (const h of held) if (!wanted.has(h.card)) await db.run(UPSERT.retire, [now, h.id]);
  const have = new Set(held.map((h) => h.card));
  for (const card of wanted) {
    if (have.has(card)) continue;
    // A card a deactivated person still held passes to this one: it is retired there, so the history says so.
    await db.run(UPSERT.release, [now, card, record.id]);
    await db.run(UPSERT.addCard, [card, record.id, now]);
  }
}

/** One record, inside upsertPeople's transaction. */
async function upsertOne(db: Sql, record: PersonRecord, now: string): Promise<UpsertResult> {
  const existing = await db.get<Pick<PersonRow, 'active' | 'content_hash'>>(UPSERT.person, [record.id]);
  const json = JSON.stringify(record);
  const hash = hashOf(json);
  if (existing && existing.content_hash === hash && existing.active === 1)
    return { id: record.id, outcome: 'unchanged' };
  const conflict = await cardConflict(db, record);
  if (conflict) return { id: record.id, outcome: 'rejected', reason: conflict };
  // An update also re-activates a deactivated person: the record arrived again.
  if (existing) await db.run(UPSERT.update, [record.role, record.status, json, hash, now, record.id]);
  else await db.run(UPSERT.insert, [record.id, record.role, record.status, json, hash, now, now]);
  await setCards(db, record, now);
  return { id: record.id, outcome: existing ? 'updated' : 'created' };
}

/** Upserts `records` in one transaction; a rejected record changes nothing and does not stop the others. */
export async function upsertPeople(sql: Sql, records: readonly PersonRecord[], now: string): Promise<UpsertResult[]> {
  return sql.transaction(async (db) => {
    const results: UpsertResult[] = [];
    for (const r of records) results.push(await upsertOne(db, r, now));
    return results;
  });
}

/**
 * What upsertPeople would answer for each record now, writing nothing (a dry run's prediction): the
 * same hash and card checks, with read statements only, so a read-only connection can run it.
 */
export async function previewUpserts(db: Sql, records: readonly PersonRecord[]): Promise<UpsertResult[]> {
  const results: UpsertResult[] = [];
  for (const record of records) {
    const existing = await db.get<Pick<PersonRow, 'active' | 'content_hash'>>(UPSERT.person, [record.id]);
    if (existing && existing.content_hash === hashOf(JSON.stringify(record)) && existing.active === 1) {
      results.push({ id: record.id, outcome: 'unchanged' });
      continue;
    }
    const conflict = await cardConflict(db, record);
    results.push(
      conflict
        ? { id: record.id, outcome: 'rejected', reason: conflict }
        : { id: record.id, outcome: existing ? 'updated' : 'created' },
    );
  }
  return results;
}

/** The ids deactivateMissing would deactivate now (sorted), writing nothing. */
export async function previewDeactivation(
  db: Sql,
  seen: ReadonlySet<string>,
  role: PersonRecord['role'],
): Promise<string[]> {
  const active = (await db.all('SELECT id FROM people WHERE role = ? AND active = 1 ORDER BY id', [role])) as {
    id: string;
  }[];
  return active.map((r) => r.id).filter((id) => !seen.has(id));
}

/** Deactivates every active person of `role` not in `seen`; answers their ids (sorted). Nothing is deleted. */
export async function deactivateMissing(
  sql: Sql,
  seen: ReadonlySet<string>,
  role: PersonRecord['role'],
  now: string,
): Promise<string[]> {
  return sql.transaction(async (db) => {
    const active = await db.all<{ id: string }>('SELECT id FROM people WHERE role = ? AND active = 1 ORDER BY id', [
      role,
    ]);
    const gone = active.map((r) => r.id).filter((id) => !seen.has(id));
    for (const id of gone)
      await db.run('UPDATE people SET active = 0, deactivated_at = ?, updated_at = ? WHERE id = ?', [now, now, id]);
    return gone;
  });
}

/** Creates or replaces staff members (the demo's, or an operator's); `pinHash` is already a salted hash. */
export async function putStaff(sql: Sql, staff: readonly StaffMember[], now: string): Promise<void> {
  await sql.transaction(async (db) => {
    for (const s of staff)
      await db.run(
        'INSERT INTO staff (id, card, name, name_latin, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET card = excluded.card, name = excluded.name, name_latin = excluded.name_latin, pin_hash = excluded.pin_hash',
        [s.id, s.card, s.name, s.nameLatin, s.pinHash, now],
      );
  });
}

/** Replaces a staff member's PIN hash (made again with today's parameters after a right PIN). */
export async function setStaffPinHash(db: Sql, id: string, pinHash: string): Promise<void> {
  await db.run('UPDATE staff SET pin_hash = ? WHERE id = ?', [pinHash, id]);
}

/** A student or teacher of the old `persons` table (the demo's SeedPerson JSON, before canonical records). */
interface LegacyPerson {
  id: string;
  card: string;
  name: string;
  nameLatin?: string;
  role: Role;
  gender?: 'M' | 'F';
  college?: { zh: string; en: string };
  major?: { zh: string; en: string };
  enrollmentDate?: string;
  expectedGraduation?: string;
  courses?: { term: string; nameZh: string; nameEn: string; credits: number; typeEn?: string; score: number }[];
}

/**
 * The canonical record of an old `persons` row. The old rows carried no course codes (they become
 * `L001`, `L002`... in the order stored), no status (a student then was enrolled) and no programme
 * length (the documents said four years for everyone, so it stays four); their separate
 * `studentNumber` stays in `persons` (the id is the student number from now on).
 */
export function legacyRecord(p: LegacyPerson): PersonRecordInput {
  return {
    id: p.id,
    cards: [p.card],
    role: 'student',
    name: { zh: p.name, en: p.nameLatin ?? '' },
    ...(p.gender ? { gender: p.gender === 'M' ? ('male' as const) : ('female' as const) } : {}),
    status: 'enrolled',
    college: p.college ?? { zh: '', en: '' },
    ...(p.major ? { major: p.major } : {}),
    level: 'undergraduate',
    // What the old documents printed for everyone (学制四年).
    programYears: 4,
    entryDate: p.enrollmentDate ?? '',
    ...(p.expectedGraduation ? { expectedGraduation: p.expectedGraduation } : {}),
    courses: (p.courses ?? []).map((c, i) => ({
      term: c.term,
      code: `L${String(i + 1).padStart(3, '0')}`,
      name: { zh: c.nameZh, en: c.nameEn },
      credits: c.credits,
      score: c.score,
      type: c.typeEn === 'Elective' ? ('elective' as const) : ('required' as const),
    })),
  };
}

/**
 * Adopts the students of the old `persons` table as canonical records, once (a row already in
 * `people` or `staff` is skipped). A row that does not make a valid record stays only in `persons`,
 * where holderName still finds it; its id is answered so the caller can say so.
 */
export async function adoptLegacyPersons(db: Sql, now: string): Promise<{ adopted: string[]; skipped: string[] }> {
  const rows = (await db.all(
    `SELECT json FROM persons p WHERE ${jsonText(db, 'json', 'role')} = 'student' AND NOT EXISTS (SELECT 1 FROM people WHERE id = p.id) AND NOT EXISTS (SELECT 1 FROM staff WHERE id = p.id)`,
  )) as { json: string }[];
  // Nearly always: no write lock taken when there is nothing to adopt.
  if (rows.length === 0) return { adopted: [], skipped: [] };
  const adopted: string[] = [];
  const skipped: string[] = [];
  const records: PersonRecord[] = [];
  for (const row of rows) {
    const legacy = JSON.parse(row.json) as LegacyPerson;
    const parsed = PersonRecord.safeParse(legacyRecord(legacy));
    if (parsed.success) records.push(parsed.data);
    else skipped.push(legacy.id);
  }
  for (const r of await upsertPeople(db, records, now)) (r.outcome === 'created' ? adopted : skipped).push(r.id);
  return { adopted, skipped };
}
