/**
 * A PeopleSink in memory, with the contract central's store keeps (central/people/people-sink.ts):
 * upserts keyed by id, `unchanged` for the same record again, a card held by another active person
 * refused, deactivation that keeps the person. For the import's tests until and besides the store.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PeoplePreview, PeopleSink, UpsertResult } from '../../central/people/people-sink.js';
import type { PersonRecord } from '../../shared/person-record.js';

export class MemoryPeopleSink implements PeopleSink, PeoplePreview {
  readonly people = new Map<string, { record: PersonRecord; active: boolean }>();
  /** Every upsertPeople call's size, to see the batches. */
  readonly calls: number[] = [];

  async upsertPeople(records: readonly PersonRecord[]): Promise<UpsertResult[]> {
    this.calls.push(records.length);
    return records.map((record) => this.upsertOne(record, true));
  }

  /** What upsertPeople would answer, changing nothing (a dry run's prediction). */
  async previewPeople(records: readonly PersonRecord[]): Promise<UpsertResult[]> {
    return records.map((record) => this.upsertOne(record, false));
  }

  async previewDeactivation(seen: ReadonlySet<string>, role: PersonRecord['role']): Promise<string[]> {
    return [...this.people].filter(([id, p]) => p.active && p.record.role === role && !seen.has(id)).map(([id]) => id);
  }

  private upsertOne(record: PersonRecord, write: boolean): UpsertResult {
    for (const card of record.cards)
      for (const [id, p] of this.people)
        if (id !== record.id && p.active && p.record.cards.includes(card))
          return { id: record.id, outcome: 'rejected', reason: `card ${card} belongs to ${id}` };
    const before = this.people.get(record.id);
    if (write) this.people.set(record.id, { record, active: true });
    if (!before) return { id: record.id, outcome: 'created' };
    return {
      id: record.id,
      outcome: before.active && isDeepStrictEqual(before.record, record) ? 'unchanged' : 'updated',
    };
  }

  async deactivateMissing(seen: ReadonlySet<string>, role: PersonRecord['role']): Promise<string[]> {
    const out: string[] = [];
    for (const [id, p] of this.people)
      if (p.active && p.record.role === role && !seen.has(id)) {
        p.active = false;
        out.push(id);
      }
    return out;
  }
}
