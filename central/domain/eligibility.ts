/**
 * Who may print which document kind, by the person's status (学籍状态 for students): each kind lists
 * the statuses that may print it (its definition's `statuses`, central/store/kinds.ts), and a person
 * whose status is not listed is told why, in both languages, in words derived from STATUS_LABELS and
 * the kind's title. The kinds' stored statuses are read by central/store/kinds.ts.
 */
import { PersonStatus, STATUS_LABELS, type LocalizedText, type Role } from '../../shared/domain.js';

/**
 * A stored person's status. The one place central reads it: canonical records carry `status`
 * (shared/person-record.ts); a record without one (the demo seed) is enrolled (students) or in
 * service (teachers). Staff, who are not students or teachers, have none.
 */
export function statusOf(person: { role: Role; status?: unknown }): PersonStatus | null {
  const stored = PersonStatus.safeParse(person.status);
  if (stored.success) return stored.data;
  if (person.role === 'student') return 'enrolled';
  if (person.role === 'teacher') return 'active';
  return null;
}

/** Whether a person of `status` may print a kind that allows `allowed` (null: every status). */
export function statusAllows(allowed: readonly PersonStatus[] | null, status: PersonStatus | null): boolean {
  return allowed === null || (status !== null && allowed.includes(status));
}

/** Why a person of `status` (and `role`) cannot print the kind titled `title`, in both languages. */
export function ineligibleNote(role: Role, status: PersonStatus, title: LocalizedText): LocalizedText {
  const label = STATUS_LABELS[status];
  const student = role === 'student';
  return {
    zh: `${student ? '学籍状态' : '任职状态'}为${label.zh}，不能打印${title.zh}`,
    en: `Your ${student ? 'student' : 'employment'} status is ${label.en}: the ${title.en} cannot be printed.`,
  };
}
