/**
 * `POST /v1/admin/people:batch`: an admin token only, at most 1,000 records, every record answered
 * (index, id, outcome; field paths for a record that is not a canonical record), and the OpenAPI
 * document publishes the canonical record as JSON Schema. Real central over HTTP, real SQLite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PEOPLE_PER_BATCH, peopleAdminRoutes } from '../../../shared/central-api.js';
import { useCentral } from './central-fixture.js';
import { centralCaller } from './publishing-helpers.js';

const central = useCentral();
const call = centralCaller(() => central.url);
const PATH = peopleAdminRoutes.upsertPeople.path;
let admin = '';
beforeAll(async () => {
  admin = await central.store.enrollAdmin('data-platform', 'Data platform');
});

const newStudent = {
  id: '2023010001',
  cards: ['3012345678'],
  role: 'student',
  name: { zh: '欧阳䶮', en: 'OUYANG Yan' },
  status: 'enrolled',
  college: { zh: '数学学院', en: 'School of Mathematics' },
  entryDate: '2023-09-01',
};

describe('the batch API', () => {
  it('answers 401 without an admin token (a terminal token is not one), and writes nothing', async () => {
    for (const token of [null, 'not-a-token', central.tokens['kiosk-a']]) {
      const r = await call(PATH, token, { people: [newStudent] });
      expect(r.status).toBe(401);
      expect(r.json.error).toBe('unauthorized');
    }
    expect(await central.store.lookupCard('3012345678')).toBeNull();
  });

  it('answers every record: created, unchanged, rejected with the card holder, invalid with field paths', async () => {
    const demo = central.students[0]!;
    const r = await call(PATH, admin, {
      people: [
        newStudent,
        demo.record,
        { ...newStudent, id: '2023010002', cards: [demo.card] },
        { ...newStudent, id: '2023010003', cards: [], status: 'asleep', entryDate: '2023-02-30' },
        'not a record',
      ],
    });
    expect(r.status).toBe(200);
    const results = r.json.results as { index: number; id: string | null; outcome: string; reason?: string }[];
    expect(results.slice(0, 2)).toEqual([
      { index: 0, id: '2023010001', outcome: 'created' },
      { index: 1, id: demo.id, outcome: 'unchanged' },
    ]);
    expect(results[2]).toEqual({
      index: 2,
      id: '2023010002',
      outcome: 'rejected',
      reason: expect.stringContaining(demo.id),
    });
    expect(results[3]).toMatchObject({ index: 3, id: '2023010003', outcome: 'invalid' });
    expect((results[3] as unknown as { fields: { path: string; message: string }[] }).fields).toEqual([
      { path: 'status', message: expect.any(String) },
      { path: 'entryDate', message: 'this day does not exist in the calendar' },
    ]);
    expect(results[4]).toMatchObject({ index: 4, id: null, outcome: 'invalid' });
    expect(r.json.summary).toEqual({ created: 1, updated: 0, unchanged: 1, rejected: 1, invalid: 2 });
    expect((await central.store.lookupCard('3012345678'))?.person.name).toBe('欧阳䶮');

    // The same call again changes nothing.
    const again = await call(PATH, admin, { people: [newStudent] });
    expect(again.json.results).toEqual([{ index: 0, id: '2023010001', outcome: 'unchanged' }]);
  });

  it(`refuses more than ${MAX_PEOPLE_PER_BATCH} people with 413, and an empty or malformed body with 400`, async () => {
    const big = await call(PATH, admin, { people: Array.from({ length: MAX_PEOPLE_PER_BATCH + 1 }, () => ({})) });
    expect(big.status).toBe(413);
    expect(big.json).toEqual({
      error: 'too_many_people',
      message: `A batch holds at most 1000 people and this one has 1001: send them in calls of 1000 or fewer.`,
    });
    const empty = await call(PATH, admin, { people: [] });
    expect(empty.status).toBe(400);
    expect(empty.json.fields).toEqual([{ path: 'people', message: 'send at least one person' }]);
    expect((await call(PATH, admin, [newStudent])).status).toBe(400);
  });

  it('is in the OpenAPI document, with the canonical person record as JSON Schema', async () => {
    const doc = (await (await fetch(`${central.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      components: { schemas: { PersonRecord: { oneOf: { properties: Record<string, unknown> }[] } } };
    };
    const op = doc.paths[PATH]!.post!;
    expect(op.operationId).toBe('upsertPeople');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '413']));
    const [student, teacher] = doc.components.schemas.PersonRecord.oneOf;
    expect(Object.keys(student!.properties)).toEqual(
      expect.arrayContaining(['id', 'cards', 'role', 'name', 'status', 'college', 'entryDate', 'courses']),
    );
    expect(Object.keys(teacher!.properties)).toEqual(expect.arrayContaining(['department', 'title', 'hireDate']));
  });
});
