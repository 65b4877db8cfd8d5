/**
 * Puts a generated campus (central/seed/campus.ts) into a store, a thousand records per transaction as
 * the batch API takes them, so that a demo of 100,000 people never holds them all. Idempotent: a
 * second start with the same size finds every record unchanged.
 */
import type { PeopleSink, UpsertOutcome } from '../people/people-sink.js';
import type { PersonRecord } from '../../shared/person-record.js';
import { campusPeople } from './campus.js';

const BATCH = 1000;

export async function seedCampus(
  sink: PeopleSink,
  people: number,
  seed?: number,
): Promise<Record<UpsertOutcome, number>> {
  const counts: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  let batch: PersonRecord[] = [];
  const flush = async () => {
    for (const r of await sink.upsertPeople(batch)) {
      counts[r.outcome]++;
      // A generated record is valid by construction: a rejection is a bug in the generator, said at once.
      if (r.outcome === 'rejected')
        throw new Error(`the generated campus has a record central refuses: ${r.id}: ${r.reason}`);
    }
    batch = [];
  };
  for (const p of campusPeople({ people, ...(seed === undefined ? {} : { seed }) })) {
    batch.push(p);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  return counts;
}
