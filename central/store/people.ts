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
import type Database from 'better-sqlite3';
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

/** The person with this id, active or not (documents of a deactivated person must stay verifiable). */
export function personById(db: Database.Database, id: string): StoredPerson | null {
  const row = db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  // Stored records were validated on the way in: read as they are.
  return row ? { record: JSON.parse(row.json) as PersonRecord, active: row.active === 1 } : null;
}

/** The active person holding this card now, or null (a retired card, or a deactivated holder's, works no more). */
export function activePersonByCard(db: Database.Database, card: string): PersonRecord | null {
  const row = db
    .prepare(
      'SELECT p.json FROM person_cards c JOIN people p ON p.id = c.person_id WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1',
    )
    .get(card) as { json: string } | undefined;
  return row ? (JSON.parse(row.json) as PersonRecord) : null;
}

export function staffByCard(db: Database.Database, card: string): StaffMember | null {
  const row = db.prepare('SELECT * FROM staff WHERE card = ?').get(card) as
    { id: string; card: string; name: string; name_latin: string; pin_hash: string } | undefined;
  return row ? { id: row.id, card: row.card, name: row.name, nameLatin: row.name_latin, pinHash: row.pin_hash } : null;
}

/**
 * The name printed documents were issued to (zh), whoever the holder was: a person (active or not), a
 * staff member, or an old `persons` row that could not become a canonical record. Null if none.
 */
export function holderName(db: Database.Database, id: string): string | null {
  const person = personById(db, id);
  if (person) return person.record.name.zh;
  const staff = db.prepare('SELECT name FROM staff WHERE id = ?').get(id) as { name: string } | undefined;
  if (staff) return staff.name;
  const legacy = db.prepare("SELECT json_extract(json, '$.name') AS name FROM persons WHERE id = ?").get(id) as
    { name: string | null } | undefined;
  return legacy?.name ?? null;
}

/** Every card this person ever held, oldest first. */
export function cardHistory(db: Database.Database, personId: string): CardHolding[] {
  const rows = db
    .prepare('SELECT card, person_id, since, retired_at FROM person_cards WHERE person_id = ? ORDER BY id')
    .all(personId) as { card: string; person_id: string; since: string; retired_at: string | null }[];
  return rows.map((r) => ({ card: r.card, personId: r.person_id, since: r.since, retiredAt: r.retired_at }));
}

/** A card number as a refusal names it to an admin: enough to find it, not enough to copy it. */
export function maskCard(card: string): string {
  return card.length <= 4 ? card : `${card.slice(0, 2)}${'*'.repeat(card.length - 4)}${card.slice(-2)}`;
}

type Statements = Record<
  'person' | 'holder' | 'staff' | 'update' | 'insert' | 'held' | 'retire' | 'release' | 'addCard',
  Database.Statement
>;
const prepared = new WeakMap<Database.Database, Statements>();

/** The statements an upsert runs for every record, prepared once per database (30,000 records in an import). */
function upsertStatements(db: Database.Database): Statements {
  let st = prepared.get(db);
  if (!st) {
    st = {
      person: db.prepare('SELECT active, content_hash FROM people WHERE id = ?'),
      holder: db.prepare(
        'SELECT c.person_id FROM person_cards c JOIN people p ON p.id = c.person_id WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1 AND c.person_id <> ?',
      ),
      staff: db.prepare('SELECT id FROM staff WHERE card = ?'),
      update: db.prepare(
        'UPDATE people SET role = ?, status = ?, active = 1, json = ?, content_hash = ?, updated_at = ?, deactivated_at = NULL WHERE id = ?',
      ),
      insert: db.prepare(
        'INSERT INTO people (id, role, status, active, json, content_hash, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)',
      ),
      held: db.prepare('SELECT id, card FROM person_cards WHERE person_id = ? AND retired_at IS NULL'),
      retire: db.prepare('UPDATE person_cards SET retired_at = ? WHERE id = ?'),
      release: db.prepare(
        'UPDATE person_cards SET retired_at = ? WHERE card = ? AND person_id <> ? AND retired_at IS NULL',
      ),
      addCard: db.prepare('INSERT INTO person_cards (card, person_id, since, retired_at) VALUES (?, ?, ?, NULL)'),
    };
    prepared.set(db, st);
  }
  return st;
}

/** Why `record` may not take its cards, or null: a card held by another active person or by a staff member. */
function cardConflict(st: Pick<Statements, 'holder' | 'staff'>, record: PersonRecord): string | null {
  for (const card of record.cards) {
    const other = st.holder.get(card, record.id) as { person_id: string } | undefined;
    if (other)
      return `card ${maskCard(card)} belongs to ${other.person_id}, who is active: a card works for one person only. Leave it out of ${other.person_id}'s record first (the card is then retired there), or correct this record.`;
    const member = st.staff.get(card) as { id: string } | undefined;
    // A staff entry with the person's own id is their maintenance permission on their own card.
    if (member && member.id !== record.id)
      return `card ${maskCard(card)} is the maintenance staff card of ${member.id}: a staff card cannot also be a student's or a teacher's.`;
  }
  return null;
}

/** Makes the person's held cards exactly `cards`: others are retired, new ones start now (inside a transaction). */
function setCards(st: Statements, record: PersonRecord, now: string): void {
  const held = st.held.all(record.id) as { id: number; card: string }[];
  const wanted = new Set(record.cards);
  for (const h of held) if (!wanted.has(h.card)) st.retire.run(now, h.id);
  const have = new Set(held.map((h) => h.card));
  for (const card of wanted) {
    if (have.has(card)) continue;
    // A card a deactivated person still held passes to this one: it is retired there, so the history says so.
    st.release.run(now, card, record.id);
    st.addCard.run(card, record.id, now);
  }
}

/** One record, inside upsertPeople's transaction. */
function upsertOne(st: Statements, record: PersonRecord, now: string): UpsertResult {
  const existing = st.person.get(record.id) as Pick<PersonRow, 'active' | 'content_hash'> | undefined;
  const json = JSON.stringify(record);
  const hash = hashOf(json);
  if (existing && existing.content_hash === hash && existing.active === 1)
    return { id: record.id, outcome: 'unchanged' };
  const conflict = cardConflict(st, record);
  if (conflict) return { id: record.id, outcome: 'rejected', reason: conflict };
  // An update also re-activates a deactivated person: the record arrived again.
  if (existing) st.update.run(record.role, record.status, json, hash, now, record.id);
  else st.insert.run(record.id, record.role, record.status, json, hash, now, now);
  setCards(st, record, now);
  return { id: record.id, outcome: existing ? 'updated' : 'created' };
}

/** Upserts `records` in one IMMEDIATE transaction; a rejected record changes nothing and does not stop the others. */
export function upsertPeople(db: Database.Database, records: readonly PersonRecord[], now: string): UpsertResult[] {
  const st = upsertStatements(db);
  return db.transaction(() => records.map((r) => upsertOne(st, r, now))).immediate();
}

/**
 * What upsertPeople would answer for each record now, writing nothing (a dry run's prediction): the
 * same hash and card checks, with read statements only, so a read-only connection can run it.
 */
export function previewUpserts(db: Database.Database, records: readonly PersonRecord[]): UpsertResult[] {
  const st = {
    person: db.prepare('SELECT active, content_hash FROM people WHERE id = ?'),
    holder: db.prepare(
      'SELECT c.person_id FROM person_cards c JOIN people p ON p.id = c.person_id WHERE c.card = ? AND c.retired_at IS NULL AND p.active = 1 AND c.person_id <> ?',
    ),
    staff: db.prepare('SELECT id FROM staff WHERE card = ?'),
  };
  return records.map((record): UpsertResult => {
    const existing = st.person.get(record.id) as Pick<PersonRow, 'active' | 'content_hash'> | undefined;
    if (existing && existing.content_hash === hashOf(JSON.stringify(record)) && existing.active === 1)
      return { id: record.id, outcome: 'unchanged' };
    const conflict = cardConflict(st, record);
    if (conflict) return { id: record.id, outcome: 'rejected', reason: conflict };
    return { id: record.id, outcome: existing ? 'updated' : 'created' };
  });
}

/** The ids deactivateMissing would deactivate now (sorted), writing nothing. */
export function previewDeactivation(
  db: Database.Database,
  seen: ReadonlySet<string>,
  role: PersonRecord['role'],
): string[] {
  const active = db.prepare('SELECT id FROM people WHERE role = ? AND active = 1 ORDER BY id').all(role) as {
    id: string;
  }[];
  return active.map((r) => r.id).filter((id) => !seen.has(id));
}

/** Deactivates every active person of `role` not in `seen`; answers their ids (sorted). Nothing is deleted. */
export function deactivateMissing(
  db: Database.Database,
  seen: ReadonlySet<string>,
  role: PersonRecord['role'],
  now: string,
): string[] {
  return db
    .transaction(() => {
      const active = db.prepare('SELECT id FROM people WHERE role = ? AND active = 1 ORDER BY id').all(role) as {
        id: string;
      }[];
      const gone = active.map((r) => r.id).filter((id) => !seen.has(id));
      const off = db.prepare('UPDATE people SET active = 0, deactivated_at = ?, updated_at = ? WHERE id = ?');
      for (const id of gone) off.run(now, now, id);
      return gone;
    })
    .immediate();
}

/** Creates or replaces staff members (the demo's, or an operator's); `pinHash` is already a salted hash. */
export function putStaff(db: Database.Database, staff: readonly StaffMember[], now: string): void {
  const ins = db.prepare(
    'INSERT INTO staff (id, card, name, name_latin, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET card = excluded.card, name = excluded.name, name_latin = excluded.name_latin, pin_hash = excluded.pin_hash',
  );
  db.transaction(() => staff.forEach((s) => ins.run(s.id, s.card, s.name, s.nameLatin, s.pinHash, now))).immediate();
}

/** Replaces a staff member's PIN hash (made again with today's parameters after a right PIN). */
export function setStaffPinHash(db: Database.Database, id: string, pinHash: string): void {
  db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(pinHash, id);
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
export function adoptLegacyPersons(db: Database.Database, now: string): { adopted: string[]; skipped: string[] } {
  const rows = db
    .prepare(
      "SELECT json FROM persons p WHERE json_extract(json, '$.role') = 'student' AND NOT EXISTS (SELECT 1 FROM people WHERE id = p.id) AND NOT EXISTS (SELECT 1 FROM staff WHERE id = p.id)",
    )
    .all() as { json: string }[];
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
  for (const r of upsertPeople(db, records, now)) (r.outcome === 'created' ? adopted : skipped).push(r.id);
  return { adopted, skipped };
}
