/**
 * Which staff member a CAS user is. The CAS user id is the staff member's id, which for a teacher who
 * looks after a station is their work number (工号), as the university's directory and CAS know it.
 *
 * STUB until the store has this lookup: CentralStore has no "staff member by id" method, and central/store
 * is being moved to an async SQL layer (PostgreSQL), so this reads the SQLite `staff` table directly,
 * read-only, in one place. The method it stands for, to add to CentralStore (both stores):
 *
 *   staffForSignOn(userId: string): Promise<{ id: string; name: string; active: boolean } | null>
 *   -- the staff member whose id (or work number) is `userId`; active false when disabled
 *   -- (`estation central staff disable`) or when they are a person central deactivated.
 */
import type Database from 'better-sqlite3';
import { personById } from '../store/people.js';

export interface SignOnStaff {
  id: string;
  name: string;
  /** False for a disabled staff member: no session. */
  active: boolean;
}

export type StaffForSignOn = (userId: string) => Promise<SignOnStaff | null>;

/** The stub described above, over the SQLite store's database. */
export function sqliteStaffForSignOn(db: Database.Database): StaffForSignOn {
  return async (userId) => {
    const row = db.prepare('SELECT id, name FROM staff WHERE id = ?').get(userId) as
      { id: string; name: string } | undefined;
    if (!row) return null;
    // A teacher's staff entry shares their person id: a deactivated teacher signs in no more.
    const person = personById(db, row.id);
    return { id: row.id, name: row.name, active: person ? person.active : true };
  };
}
