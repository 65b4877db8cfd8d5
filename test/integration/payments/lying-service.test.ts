/**
 * A campus-card service that lies, or is broken: each answer here is crafted by a small HTTP server that
 * stands where the service would be. Central's client believes none of them: each is a
 * ProviderAnswerInvalidError that names what is wrong, so central acts on none of it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { ProviderAnswerInvalidError } from '../../../central/payments/errors.js';

let answer: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let card: CampusCardProvider;
const job = { jobId: 'job-1', person: 's1', amountCents: 300 };
const hold = (over: object) =>
  JSON.stringify({ job: 'job-1', person: 's1', amountCents: 300, state: 'held', reference: 'CC1', ...over });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  card = new CampusCardProvider({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 't',
    retryDelayMs: 1,
  });
});
afterAll(() => new Promise((r) => server.close(r)));

describe('a campus-card service that lies', () => {
  it.each<[string, () => Promise<unknown>, { status?: number; body: string }, RegExp]>([
    [
      'a hold for another amount',
      () => card.hold(job),
      { body: hold({ amountCents: 30 }) },
      /is for 300 fen, it answered 30 fen/,
    ],
    [
      'a hold of another job',
      () => card.hold(job),
      { body: hold({ job: 'job-9' }) },
      /asked about job job-1, it answered about job job-9/,
    ],
    ['a hold of another person', () => card.hold(job), { body: hold({ person: 's2' }) }, /is s1's, it answered s2/],
    [
      'a capture answered as still held',
      () => card.capture(job),
      { body: hold({}) },
      /should be captured, it answered held/,
    ],
    [
      'a release answered as captured',
      () => card.release(job),
      { body: hold({ state: 'captured' }) },
      /should be released, it answered captured/,
    ],
    ['a negative amount', () => card.hold(job), { body: hold({ amountCents: -300 }) }, /amountCents/],
    ['a state that does not exist', () => card.capture(job), { body: hold({ state: 'paid' }) }, /state/],
    ['an answer that is not JSON', () => card.hold(job), { body: '<html>ok</html>' }, /not JSON/],
    [
      'a balance whose parts do not add up',
      () => card.balance('s1'),
      { body: JSON.stringify({ person: 's1', balanceCents: 100, heldCents: 0, availableCents: 900 }) },
      /available 900 is not balance 100 less held 0/,
    ],
    [
      'the balance of another person',
      () => card.balance('s1'),
      { body: JSON.stringify({ person: 's2', balanceCents: 100, heldCents: 0, availableCents: 100 }) },
      /answered s2's/,
    ],
    [
      'a status of another job',
      () => card.status('job-1'),
      { body: hold({ job: 'job-2' }) },
      /asked for job job-1, it answered job job-2/,
    ],
    [
      'a statement of another day',
      () => card.statement('2026-12-03'),
      { body: JSON.stringify({ date: '2026-12-02', movements: [] }) },
      /answered 2026-12-02's/,
    ],
    [
      'a statement with a movement of another day',
      () => card.statement('2026-12-03'),
      {
        body: JSON.stringify({
          date: '2026-12-03',
          movements: [
            {
              reference: 'CC1',
              at: '2026-12-04T01:00:00.000Z',
              kind: 'capture',
              person: 's1',
              job: 'job-1',
              amountCents: 300,
              balanceAfterCents: 0,
              note: null,
            },
          ],
        }),
      },
      /movement CC1 at 2026-12-04T01:00:00.000Z is not of 2026-12-03/,
    ],
  ])('%s is refused', async (_what, call, given, says) => {
    answer = { status: given.status ?? 200, body: given.body };
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderAnswerInvalidError);
    expect((err as Error).message).toMatch(says);
    expect((err as Error).message).toContain('Central does not act on it');
  });
});
