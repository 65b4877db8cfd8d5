/**
 * Rollouts at a real central over loopback (docs/templates.md, "Publishing safely"): each refusal of the
 * publish checks (unknown kind, disabled kind, a field the kind does not have, a render that fails on a
 * real person's data), pilot groups and promotion, and rollback instructions.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setKindDisabled } from '../../../central/store/kinds.js';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { adminRoutes, centralRoutes, ListTemplatesResponse } from '../../../shared/central-api.js';
import { builtinRelease, centralCaller, signedWith } from './publishing-helpers.js';

const PUBLISH = adminRoutes.publishTemplate.path;
const PROMOTE = adminRoutes.promoteTemplate.path;
const ROLLBACK = adminRoutes.rollbackTemplate.path;
const LIST = centralRoutes.listTemplates.path;
const publisher = generateKeyPairSync('ed25519');

let central: RunningCentral<SqliteCentralStore>;
let dir: string;
let admin: string;
const call = centralCaller(() => central.url);
const sign = (content: Record<string, unknown>) => signedWith(publisher.privateKey, content);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-rollout-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'pilot-1', name: 'Library (pilot)' },
      { id: 'hall-2', name: 'Main hall' },
    ],
  });
  // The student-status kind is disabled here, as `estation central kinds disable` does.
  await setKindDisabled(central.store.sql, 'student-status', true, 'test', new Date().toISOString());
  admin = await central.store.enrollAdmin('registrar', 'Registrar');
});

afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

const listed = async (terminal: string) => {
  const r = await call(LIST, central.tokens[terminal]!, {});
  expect(r.status).toBe(200);
  return ListTemplatesResponse.parse(r.json);
};
const versionFor = async (terminal: string, id: string) =>
  (await listed(terminal)).releases.find((r) => r.id === id)?.version;

describe('publish checks', () => {
  it('refuse a release for a kind central does not know, and store nothing', async () => {
    const release = builtinRelease({ id: 'diploma-zh', version: '1.0.0', kind: 'enrollment', language: 'zh' }, (f) => {
      f.manifest.kind = 'diploma';
    });
    const r = await call(PUBLISH, admin, sign({ ...release, kind: 'diploma' }));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({
      error: 'release_refused',
      problems: [{ person: null, field: 'kind', message: expect.stringMatching(/no document kind "diploma"/) }],
    });
    expect(await central.store.release('diploma-zh', '1.0.0')).toBeNull();
  });

  it('refuse a release for a disabled kind', async () => {
    const release = builtinRelease({
      id: 'student-status-zh',
      version: '5.0.0',
      kind: 'student-status',
      language: 'zh',
    });
    const r = await call(PUBLISH, admin, sign(release));
    expect(r.status).toBe(422);
    expect(r.json.problems).toEqual([
      { person: null, field: 'kind', message: expect.stringMatching(/"student-status" is disabled/) },
    ]);
  });

  it('refuse a release that reads a field its kind does not have (the transcript as an enrollment certificate)', async () => {
    // What broke the fleet in issue #14: a template of one kind published as another.
    const release = builtinRelease(
      { id: 'enrollment-zh', version: '3.0.0', kind: 'transcript', language: 'zh' },
      (f) => {
        f.manifest.kind = 'enrollment';
      },
    );
    const r = await call(PUBLISH, admin, sign({ ...release, kind: 'enrollment' }));
    expect(r.status).toBe(422);
    const fields = (r.json.problems as { field: string; person: null }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['courses', 'totals.gpa']));
    expect(fields.every((f) => /^(courses|totals)/.test(f))).toBe(true);
    expect(await central.store.release('enrollment-zh', '3.0.0')).toBeNull();
  });

  it("refuse a release that renders its sample but not a real person's data, naming the person and the field", async () => {
    const release = builtinRelease(
      { id: 'enrollment-zh', version: '3.0.0', kind: 'enrollment', language: 'zh' },
      (f) => {
        // A field the sample has and central never sends.
        (f.manifest.schema as Record<string, string>)['student.dormitory'] = 'string';
        (f.sample.student as Record<string, string>).dormitory = '东区 3 号楼';
      },
    );
    const r = await call(PUBLISH, admin, sign(release));
    expect(r.status).toBe(422);
    const problems = r.json.problems as { person: string | null; field: string; message: string }[];
    const enrolled = central.people.filter(
      (p) => p.role === 'student' && (p.record?.status ?? 'enrolled') === 'enrolled',
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === 'student.dormitory' && p.message === 'is required')).toBe(true);
    expect(enrolled.map((p) => p.id)).toEqual(expect.arrayContaining(problems.map((p) => p.person)));
    // Only the sample: nothing to say about people, so it is accepted.
    const sampleOnly = await fetch(`${central.url}${PUBLISH}?checkPeople=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(sign(release)),
    });
    expect(sampleOnly.status).toBe(201);
  });

  it('refuse a release whose own sample does not render', async () => {
    const release = builtinRelease(
      { id: 'enrollment-en', version: '3.0.0', kind: 'enrollment', language: 'en' },
      (f) => {
        delete (f.sample.student as Record<string, unknown>).name;
      },
    );
    const r = await call(PUBLISH, admin, sign(release));
    expect(r.status).toBe(422);
    expect(r.json.problems).toContainEqual({ person: null, field: 'student.name', message: 'is required' });
  });

  it('accept a good release after rendering it with real people, and a bad query is 400', async () => {
    const good = builtinRelease({ id: 'enrollment-en', version: '3.0.1', kind: 'enrollment', language: 'en' });
    expect((await call(PUBLISH, admin, sign(good))).status).toBe(201);
    const bad = await fetch(`${central.url}${PUBLISH}?checkPeople=-1&toGroup=Pilot!`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(
        sign(builtinRelease({ id: 'enrollment-en', version: '3.0.2', kind: 'enrollment', language: 'en' })),
      ),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fields: { path: string }[] };
    expect(body.fields.map((f) => f.path).sort()).toEqual(['query.checkPeople', 'query.toGroup']);
  });
});

describe('pilot groups and promotion', () => {
  const publishTo = (version: string, group?: string) =>
    fetch(`${central.url}${PUBLISH}${group ? `?toGroup=${group}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(sign(builtinRelease({ id: 'transcript-zh', version, kind: 'transcript', language: 'zh' }))),
    });

  it('a group without terminals is refused, nothing stored', async () => {
    const r = await publishTo('2.0.0', 'pilot');
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ error: 'unknown_group', message: expect.stringMatching(/group add pilot/) });
    expect(await central.store.release('transcript-zh', '2.0.0')).toBeNull();
  });

  it("a pilot release reaches only the group's terminals until promoted, then all; both steps are recorded", async () => {
    expect(await central.store.addToGroup('pilot', ['pilot-1'], 'ops')).toEqual(['pilot-1']);
    await expect(central.store.addToGroup('pilot', ['nope'], 'ops')).rejects.toThrow(/No terminal nope/);
    expect((await publishTo('1.5.0')).status).toBe(201);
    expect((await publishTo('2.0.0', 'pilot')).status).toBe(201);
    expect(await versionFor('pilot-1', 'transcript-zh')).toBe('2.0.0');
    expect(await versionFor('hall-2', 'transcript-zh')).toBe('1.5.0');

    const promoted = await call(PROMOTE, admin, { id: 'transcript-zh', version: '2.0.0' });
    expect(promoted.status).toBe(201);
    expect(promoted.json).toMatchObject({ id: 'transcript-zh', version: '2.0.0', promotedAt: expect.any(String) });
    expect(await versionFor('hall-2', 'transcript-zh')).toBe('2.0.0');
    expect(
      central.store.db.prepare("SELECT promoted_by FROM template_promotions WHERE id = 'transcript-zh'").all(),
    ).toEqual([{ promoted_by: 'registrar' }]);
  });

  it('leaving the group takes the unpromoted pilot away; the membership row stays', async () => {
    expect((await publishTo('2.1.0', 'pilot')).status).toBe(201);
    expect(await versionFor('pilot-1', 'transcript-zh')).toBe('2.1.0');
    expect(await central.store.removeFromGroup('pilot', ['pilot-1'], 'ops')).toEqual(['pilot-1']);
    expect(await versionFor('pilot-1', 'transcript-zh')).toBe('2.0.0');
    expect(
      central.store.db.prepare("SELECT added_by, removed_by FROM terminal_groups WHERE terminal_id = 'pilot-1'").all(),
    ).toEqual([{ added_by: 'ops', removed_by: 'ops' }]);
    await central.store.addToGroup('pilot', ['pilot-1'], 'ops');
  });

  it('promoting an unknown release is 404, one published to all 409', async () => {
    const unknown = await call(PROMOTE, admin, { id: 'transcript-zh', version: '9.9.9' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('unknown_release');
    const all = await call(PROMOTE, admin, { id: 'transcript-zh', version: '1.5.0' });
    expect(all.status).toBe(409);
    expect(all.json.error).toBe('not_a_pilot');
    expect((await call(PROMOTE, null, { id: 'transcript-zh', version: '2.0.0' })).status).toBe(401);
  });
});

describe('rollback instructions', () => {
  const instruction = (to: string, through: string) => ({
    format: 'estation-rollback/1',
    id: 'transcript-zh',
    to,
    through,
    issuedAt: new Date().toISOString(),
  });

  it('make every terminal get the target although it is lower, with the signed instruction', async () => {
    const signed = sign(instruction('1.5.0', '2.1.0'));
    const r = await call(ROLLBACK, admin, signed);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id: 'transcript-zh', to: '1.5.0' });
    for (const t of ['pilot-1', 'hall-2']) {
      const list = await listed(t);
      expect(list.releases.find((x) => x.id === 'transcript-zh')?.version).toBe('1.5.0');
      expect(list.rollbacks).toEqual([signed]);
    }
    expect(central.store.db.prepare('SELECT published_by FROM template_rollbacks').all()).toEqual([
      { published_by: 'registrar' },
    ]);
  });

  it('a version published after the rollback is new again', async () => {
    const r = await fetch(`${central.url}${PUBLISH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(
        sign(builtinRelease({ id: 'transcript-zh', version: '2.2.0', kind: 'transcript', language: 'zh' })),
      ),
    });
    expect(r.status).toBe(201);
    expect(await versionFor('hall-2', 'transcript-zh')).toBe('2.2.0');
  });

  it('to a version never published is 404; one that withdraws nothing 409; not an instruction 400', async () => {
    const unknown = await call(ROLLBACK, admin, sign(instruction('0.0.1', '2.2.0')));
    expect(unknown.status).toBe(404);
    const nothing = await call(ROLLBACK, admin, sign(instruction('2.2.0', '2.2.0')));
    expect(nothing.status).toBe(409);
    expect(nothing.json.error).toBe('nothing_to_roll_back');
    const bad = await call(ROLLBACK, admin, sign({ ...instruction('1.5.0', '2.2.0'), format: 'estation-template/1' }));
    expect(bad.status).toBe(400);
  });
});

describe('OpenAPI document', () => {
  it('describes publishing with its query, promotion, rollback and the release list on the same path', async () => {
    const doc = (await (await fetch(`${central.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; parameters?: { name: string }[] }>>;
    };
    const templates = doc.paths[PUBLISH]!;
    expect(templates.post!.operationId).toBe('publishTemplate');
    expect(templates.post!.parameters!.map((p) => p.name)).toEqual(['toGroup', 'checkPeople']);
    expect(templates.get!.operationId).toBe('listReleases');
    expect(doc.paths[PROMOTE]!.post!.operationId).toBe('promoteTemplate');
    expect(doc.paths[ROLLBACK]!.post!.operationId).toBe('rollbackTemplate');
  });
});
