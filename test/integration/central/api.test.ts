import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralApp } from '../../../central/app.js';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import type { CentralStore } from '../../../central/store/types.js';
import { centralRoutes } from '../../../shared/central-api.js';

let central: RunningCentral<SqliteCentralStore>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-central-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'kiosk-a', name: 'Library' },
      { id: 'kiosk-b', name: 'Canteen' },
      { id: 'kiosk-revoked', name: 'Old' },
    ],
  });
  await central.store.revokeTerminal('kiosk-revoked');
});

afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, token: string | null = central.tokens['kiosk-a']!, raw?: string) {
  const res = await fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

const student = () => central.people.find((p) => p.role === 'student')!;
let seq = 0;
const jobId = () => `0190a000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
const noStack = (text: string) => expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|Error:/);

describe('OpenAPI document', () => {
  it('is served at /v1/openapi.json and describes every route with its schemas', async () => {
    const res = await fetch(`${central.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; requestBody: { content: Record<string, { schema: { required?: string[] } }> } }
        >
      >;
      components: unknown;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components).toMatchObject({ securitySchemes: { terminalToken: { type: 'http', scheme: 'bearer' } } });
    for (const [name, route] of Object.entries(centralRoutes)) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId).toBe(name);
    }
    const authorize = doc.paths['/v1/jobs/authorize']!.post!.requestBody.content['application/json']!.schema;
    const responses = (
      doc.paths['/v1/jobs/report']!.post as unknown as {
        responses: Record<string, { content?: Record<string, { schema: { required?: string[] } }> }>;
      }
    ).responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '500']));
    expect(responses['400']!.content!['application/json']!.schema.required).toEqual(
      expect.arrayContaining(['error', 'message']),
    );
    expect(authorize.required).toEqual(expect.arrayContaining(['jobId', 'personId', 'kind', 'language', 'copies']));
  });
});

describe('terminal authentication', () => {
  const unauthorized = { error: 'unauthorized', message: 'A valid terminal token is required' };

  it('answers 401 and nothing else for a missing, unknown, malformed or revoked token', async () => {
    for (const token of [null, 'not-a-real-token', '', central.tokens['kiosk-revoked']!]) {
      const r = await post('/v1/cards/lookup', { card: student().card }, token);
      expect(r.status).toBe(401);
      expect(r.json).toEqual(unauthorized);
    }
    const basic = await fetch(`${central.url}/v1/cards/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${central.tokens['kiosk-a']}` },
      body: '{}',
    });
    expect(basic.status).toBe(401);
  });

  it('answers 401 before looking at the body', async () => {
    const r = await post('/v1/jobs/report', null, null, '{not json');
    expect(r.status).toBe(401);
    expect(r.json).toEqual(unauthorized);
  });

  it('stores only hashes of terminal tokens', () => {
    const rows = central.store.db.prepare('SELECT token_hash FROM terminals').all() as { token_hash: string }[];
    const dump = JSON.stringify(rows);
    for (const token of Object.values(central.tokens)) expect(dump).not.toContain(token);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

describe('bad input', () => {
  it('answers 400 naming the offending fields', async () => {
    const r = await post('/v1/jobs/authorize', {
      jobId: jobId(),
      kind: 'Diploma!',
      language: 'zh',
      copies: 0,
      extra: 1,
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
    const paths = (r.json.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['personId', 'kind', 'copies']));
    expect(JSON.stringify(r.json.fields)).toMatch(/extra/);
    noStack(r.text);
  });

  it('answers 400 for a body that is not JSON, without internals', async () => {
    const r = await post('/v1/cards/lookup', null, undefined, '{"card": ');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'invalid_request', fields: [{ path: '(body)' }] });
    noStack(r.text);
  });

  it('limits the body size', async () => {
    const r = await post('/v1/cards/lookup', { card: 'x'.repeat(300 * 1024) });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('body_too_large');
  });

  it('limits a report batch to 100 jobs', async () => {
    const one = {
      jobId: jobId(),
      serial: 'S',
      outcome: 'printed',
      pages: 1,
      copies: 1,
      finishedAt: new Date().toISOString(),
    };
    const r = await post('/v1/jobs/report', { reports: Array.from({ length: 101 }, () => one) });
    expect(r.status).toBe(400);
    expect((r.json.fields as { path: string }[])[0]!.path).toBe('reports');
  });

  it('never sends a stack trace or an internal message when the store fails', async () => {
    const broken = new Proxy({} as CentralStore, {
      get: (_t, prop) =>
        prop === 'terminalByToken'
          ? async () => ({ id: 't', name: 't' })
          : async () => Promise.reject(new Error('SQLITE_CORRUPT secret /var/lib/central.sqlite')),
    });
    const app = createCentralApp({ store: broken });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/cards/lookup',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      payload: { card: '1' },
    });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal', message: 'Internal server error' });
    expect(res.body).not.toMatch(/secret|sqlite|at /i);
  });

  it('answers 404 with a JSON body for an unknown endpoint', async () => {
    const r = await post('/v1/nothing-here', {});
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('not_found');
  });
});

describe('card lookup and document data', () => {
  it('finds a student with a catalog, and says 404 for an unknown card', async () => {
    const s = student();
    const r = await post('/v1/cards/lookup', { card: s.card });
    expect(r.status).toBe(200);
    expect(r.json.person).toMatchObject({ id: s.id, name: s.name, role: 'student' });
    const catalog = r.json.catalog as { kind: string; freeRemaining: number | null; feeCents: number }[];
    // Every built-in kind for students, in the kinds' order; none of the teachers'.
    expect(catalog.map((c) => c.kind)).toEqual(
      builtinKinds()
        .filter((k) => k.audience.includes('student'))
        .map((k) => k.id),
    );
    expect(catalog.every((c) => typeof c.feeCents === 'number')).toBe(true);
    expect((await post('/v1/cards/lookup', { card: '0000000000' })).status).toBe(404);
  });

  it('gives everything a transcript needs: details, every course with term, credits, grade, and the GPA', async () => {
    const s = student();
    const r = await post('/v1/documents/data', { personId: s.id, kind: 'transcript', language: 'en' });
    const data = r.json.data as {
      student: { name: string };
      courses: { term: string; credits: number; score: number | string; gradePoints: number }[];
      totals: { gpa: number; courses: number };
    };
    expect(data.student.name).toBe(s.name);
    expect(data.courses).toHaveLength(s.record?.role === 'student' ? s.record.courses.length : -1);
    expect(data.courses.length).toBeGreaterThanOrEqual(40);
    for (const c of data.courses) {
      expect(c).toMatchObject({
        term: expect.stringMatching(/^\d{4}-\d{4}-[12]$/),
        credits: expect.any(Number),
        gradePoints: expect.any(Number),
      });
      // A score is a number, or a grade word in the document's language (physical education in the demo).
      if (typeof c.score !== 'number') expect(['Excellent', 'Good', 'Average', 'Pass', 'Fail']).toContain(c.score);
    }
    expect(data.totals.gpa).toBeGreaterThan(0);
    expect(data.totals.gpa).toBeLessThanOrEqual(4);
  });
});

describe('job authorization and reports', () => {
  const freeLeft = async (card: string, kind: string) =>
    ((await post('/v1/cards/lookup', { card })).json.catalog as { kind: string; freeRemaining: number }[]).find(
      (c) => c.kind === kind,
    )!.freeRemaining;

  it('authorizes a job once: asking again returns the same serial and reserves the quota once', async () => {
    const s = central.people.filter((p) => p.role === 'student')[1]!;
    const before = await freeLeft(s.card, 'enrollment');
    const req = { jobId: jobId(), personId: s.id, kind: 'enrollment', language: 'zh', copies: 2 };
    const a = await post('/v1/jobs/authorize', req);
    const b = await post('/v1/jobs/authorize', req);
    expect(a.status).toBe(200);
    expect(b.json).toEqual(a.json);
    expect(a.json.serial).toMatch(/^DU-\d{4}-\d{6}$/);
    // The enrollment certificate's code prefix, then three groups of four.
    expect(a.json.verificationCode).toMatch(/^E-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await freeLeft(s.card, 'enrollment')).toBe(before - 2);
    for (const other of [{ personId: central.people[0]!.id }, { copies: 1 }, { language: 'en' }]) {
      const conflict = await post('/v1/jobs/authorize', { ...req, ...other });
      expect(conflict.status).toBe(409);
      expect(conflict.json.error).toBe('job_conflict');
    }
    expect(await freeLeft(s.card, 'enrollment')).toBe(before - 2);
  });

  it('refuses a job beyond the free quota', async () => {
    const s = central.people.filter((p) => p.role === 'student')[2]!;
    const left = await freeLeft(s.card, 'enrollment');
    expect(
      (
        await post('/v1/jobs/authorize', {
          jobId: jobId(),
          personId: s.id,
          kind: 'enrollment',
          language: 'zh',
          copies: left,
        })
      ).status,
    ).toBe(200);
    const r = await post('/v1/jobs/authorize', {
      jobId: jobId(),
      personId: s.id,
      kind: 'enrollment',
      language: 'zh',
      copies: 1,
    });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('quota_used_up');
  });

  it('confirms a job reported twice (even in one batch) and counts it once', async () => {
    const s = student();
    const id = jobId();
    const auth = (
      await post('/v1/jobs/authorize', { jobId: id, personId: s.id, kind: 'transcript', language: 'en', copies: 1 })
    ).json;
    const report = {
      jobId: id,
      serial: auth.serial,
      outcome: 'printed',
      pages: 2,
      copies: 1,
      finishedAt: new Date().toISOString(),
    };
    const first = await post('/v1/jobs/report', { reports: [report, report] });
    const again = await post('/v1/jobs/report', { reports: [report] });
    expect(first.json.results).toEqual([
      { jobId: id, result: 'confirmed' },
      { jobId: id, result: 'confirmed' },
    ]);
    expect(again.json.results).toEqual([{ jobId: id, result: 'confirmed' }]);
    expect(await central.store.document(id)).toMatchObject({ status: 'printed', reportCount: 1, pages: 2 });
    const log = central.store.db.prepare('SELECT COUNT(*) AS n FROM report_log WHERE job_id = ?').get(id) as {
      n: number;
    };
    expect(log.n).toBe(3);
  });

  it('rejects reports that contradict its records, per job, and changes nothing for them', async () => {
    const s = student();
    const id = jobId();
    const auth = (
      await post('/v1/jobs/authorize', { jobId: id, personId: s.id, kind: 'transcript', language: 'zh', copies: 1 })
    ).json;
    const base = { pages: 1, copies: 1, finishedAt: new Date().toISOString() };
    const unknown = jobId();
    const r = await post('/v1/jobs/report', {
      reports: [
        { ...base, jobId: unknown, serial: 'DU-2026-999999', outcome: 'printed' },
        { ...base, jobId: id, serial: 'DU-1999-000001', outcome: 'printed' },
      ],
    });
    expect(r.json.results).toEqual([
      { jobId: unknown, result: 'rejected', reason: 'unknown_job' },
      { jobId: id, result: 'rejected', reason: 'serial_mismatch' },
    ]);
    expect(await central.store.document(id)).toMatchObject({ status: 'authorized', reportCount: 0 });
    const other = await post(
      '/v1/jobs/report',
      { reports: [{ ...base, jobId: id, serial: auth.serial, outcome: 'printed' }] },
      central.tokens['kiosk-b']!,
    );
    expect(other.json.results).toEqual([{ jobId: id, result: 'rejected', reason: 'other_terminal' }]);
    const copies = await post('/v1/jobs/report', {
      reports: [{ ...base, copies: 3, jobId: id, serial: auth.serial, outcome: 'printed' }],
    });
    expect(copies.json.results).toEqual([{ jobId: id, result: 'rejected', reason: 'copies_mismatch' }]);
    expect(await central.store.document(id)).toMatchObject({ status: 'authorized', reportCount: 0 });
    await post('/v1/jobs/report', { reports: [{ ...base, jobId: id, serial: auth.serial, outcome: 'printed' }] });
    const flipped = await post('/v1/jobs/report', {
      reports: [{ ...base, jobId: id, serial: auth.serial, outcome: 'failed' }],
    });
    expect(flipped.json.results).toEqual([{ jobId: id, result: 'rejected', reason: 'already_printed' }]);
  });

  it('gives free copies back when a job is reported failed', async () => {
    const s = central.people.filter((p) => p.role === 'student')[3]!;
    const before = await freeLeft(s.card, 'enrollment');
    const id = jobId();
    const auth = (
      await post('/v1/jobs/authorize', { jobId: id, personId: s.id, kind: 'enrollment', language: 'zh', copies: 1 })
    ).json;
    expect(await freeLeft(s.card, 'enrollment')).toBe(before - 1);
    const report = {
      jobId: id,
      serial: auth.serial,
      outcome: 'failed',
      pages: 0,
      copies: 1,
      finishedAt: new Date().toISOString(),
      detail: 'paper jam',
    };
    await post('/v1/jobs/report', { reports: [report] });
    await post('/v1/jobs/report', { reports: [report] });
    expect(await freeLeft(s.card, 'enrollment')).toBe(before);
  });

  it('records heartbeats with the backlog and its age', async () => {
    const r = await post('/v1/heartbeat', {
      terminalTime: new Date().toISOString(),
      outOfService: true,
      backlog: 7,
      backlogOldestS: 420,
    });
    expect(r.json.terminalId).toBe('kiosk-a');
    // The station shows its times in the institution's timezone, which the answer tells it.
    expect(r.json.timeZone).toBe('Asia/Shanghai');
    expect(await central.store.terminalState('kiosk-a')).toMatchObject({
      outOfService: true,
      backlog: 7,
      backlogOldestS: 420,
      lastHeartbeat: expect.any(String),
    });
  });
});
