/**
 * Where imported people go: the central store implements it (central/store/types.ts), the import
 * (central/import) and the batch API write through it. Upserts are keyed by the record's id and
 * idempotent: the same record again is `unchanged`.
 */
import type { PersonRecord } from '../../shared/person-record.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface UpsertResult {
  id: string;
  outcome: UpsertOutcome;
  /** Why a record was rejected, in words an admin can act on (for example a card another person holds). */
  reason?: string;
}

export interface PeopleSink {
  /** One transaction per call; a rejected record changes nothing and does not stop the others. */
  upsertPeople(records: readonly PersonRecord[]): Promise<UpsertResult[]>;
  /**
   * After a full import: deactivates every active person of `role` whose id is not in `seen` (their
   * cards stop working at once; nothing is deleted). Answers the ids deactivated.
   */
  deactivateMissing(seen: ReadonlySet<string>, role: PersonRecord['role']): Promise<string[]>;
}

/**
 * What an import would do, read without writing: a dry run's prediction (`estation central import
 * --dry-run`). Answers as PeopleSink would now, each record on its own against what central holds
 * (two records of one file that pass a card between them are each judged against the stored holder).
 */
export interface PeoplePreview {
  /** What upsertPeople would answer for each record; nothing is written. */
  previewPeople(records: readonly PersonRecord[]): Promise<UpsertResult[]>;
  /** The ids deactivateMissing would deactivate; nothing is written. */
  previewDeactivation(seen: ReadonlySet<string>, role: PersonRecord['role']): Promise<string[]>;
}
