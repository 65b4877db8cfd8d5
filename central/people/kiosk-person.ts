/**
 * The kiosk's view of a person (shared/domain.ts `Person`) from a canonical record or a staff member:
 * what a card lookup answers, and nothing more (no courses, no cards, no PIN hash).
 */
import type { Person } from '../../shared/domain.js';
import type { PersonRecord } from '../../shared/person-record.js';
import type { StaffMember } from '../store/people.js';

/** `maintenance`: the card tapped is also this person's maintenance staff card (a staff entry with their id). */
export function kioskPerson(r: PersonRecord, maintenance = false): Person {
  return {
    id: r.id,
    ...(maintenance ? { maintenance: true } : {}),
    name: r.name.zh,
    nameLatin: r.name.en,
    role: r.role,
    status: r.status,
    ...(r.role === 'student'
      ? // The id is the student number: one number, the one documents print.
        { studentNumber: r.id, college: r.college, ...(r.major ? { major: r.major } : {}) }
      : { college: r.department }),
  };
}

export function kioskStaff(s: StaffMember): Person {
  return { id: s.id, name: s.name, nameLatin: s.nameLatin, role: 'staff' };
}
