/**
 * `POST /v1/admin/people:batch` (peopleAdminRoutes in shared/central-api.ts): a data platform pushes up
 * to MAX_PEOPLE_PER_BATCH canonical records with an admin token. Each record is validated on its own,
 * so one bad record is answered with its field paths and does not stop the others; the valid ones are
 * upserted in one transaction (PeopleSink). docs/data.md, "The batch API".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BATCH_OUTCOMES,
  MAX_PEOPLE_PER_BATCH,
  PeopleBatchResponse,
  peopleAdminRoutes,
  type PeopleBatchResult,
} from '../../shared/central-api.js';
import { PersonRecord } from '../../shared/person-record.js';
import { fail, invalidRequest } from '../http.js';
import type { PeopleSink } from '../people/people-sink.js';

/** 1,000 records of up to a few hundred courses each; a larger body is refused with 413 before it is read. */
export const PEOPLE_BATCH_BODY_LIMIT = 32 * 1024 * 1024;

/** The envelope, checked before the records (which are checked one by one). */
const Envelope = z.object({ people: z.array(z.unknown()).min(1, 'send at least one person') }).strict();

/** Validates each record, upserts the valid ones in one call, and answers every record in order. */
export async function upsertBatch(sink: PeopleSink, people: readonly unknown[]): Promise<PeopleBatchResponse> {
  const results: PeopleBatchResult[] = [];
  const valid: { index: number; record: PersonRecord }[] = [];
  people.forEach((item, index) => {
    const parsed = PersonRecord.safeParse(item);
    if (parsed.success) return void valid.push({ index, record: parsed.data });
    const id = (item as { id?: unknown } | null)?.id;
    results[index] = {
      index,
      id: typeof id === 'string' ? id : null,
      outcome: 'invalid',
      fields: parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(record)',
        message: i.message,
      })),
    };
  });
  const upserted = await sink.upsertPeople(valid.map((v) => v.record));
  upserted.forEach((r, k) => {
    const index = valid[k]!.index;
    results[index] = { index, id: r.id, outcome: r.outcome, ...(r.reason ? { reason: r.reason } : {}) };
  });
  const summary = Object.fromEntries(BATCH_OUTCOMES.map((o) => [o, results.filter((r) => r.outcome === o).length]));
  return PeopleBatchResponse.parse({ results, summary });
}

export function registerPeopleRoutes(
  app: FastifyInstance,
  sink: PeopleSink,
  authenticate: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  const route = peopleAdminRoutes.upsertPeople;
  app.route({
    method: route.method,
    // A colon inside a path segment is a parameter to Fastify unless doubled.
    url: route.path.replace(':', '::'),
    bodyLimit: PEOPLE_BATCH_BODY_LIMIT,
    onRequest: authenticate,
    handler: async (req, reply) => {
      const body = Envelope.safeParse(req.body);
      if (!body.success)
        return invalidRequest(reply, 'The request body must be {"people": [record, ...]}', body.error.issues);
      const n = body.data.people.length;
      if (n > MAX_PEOPLE_PER_BATCH)
        return fail(reply, 413, {
          error: 'too_many_people',
          message: `A batch holds at most ${MAX_PEOPLE_PER_BATCH} people and this one has ${n}: send them in calls of ${MAX_PEOPLE_PER_BATCH} or fewer.`,
        });
      reply.header('cache-control', 'no-store');
      return upsertBatch(sink, body.data.people);
    },
  });
}
