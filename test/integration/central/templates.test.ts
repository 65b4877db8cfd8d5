/**
 * Template publishing at central, over loopback: admins publish signed releases (admin token, 8 MiB
 * body limit, immutable versions, malformed releases refused), terminals list the newest version of
 * each template and fetch a release byte for byte. Central never verifies signatures; the releases here
 * are signed for real anyway, and the fetched release still verifies.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { builtinTemplateDir } from '../../../templates/engine/index.js';
import { builtinRelease, centralCaller, fieldPaths, sha256Of, signedWith } from './publishing-helpers.js';
import {
  adminRoutes,
  centralRoutes,
  FetchTemplateResponse,
  ListTemplatesResponse,
  type SignedRelease,
} from '../../../shared/central-api.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const PUBLISH = adminRoutes.publishTemplate.path;
const LIST = centralRoutes.listTemplates.path;
const FETCH = centralRoutes.fetchTemplate.path;
const publisher = generateKeyPairSync('ed25519');

let central: RunningCentral<SqliteCentralStore>;
let dir: string;
let adminToken: string;
let terminalToken: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-templates-'));
  central = await startCentralServer({ dataDir: dir, port: 0, terminals: [{ id: 'kiosk-a', name: 'Library' }] });
  terminalToken = central.tokens['kiosk-a']!;
  adminToken = await central.store.enrollAdmin('registrar', 'Registrar office');
});

afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = centralCaller(() => central.url);

const b64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');

/**
 * A release object as templates/engine/release.ts packs one, overridable field by field: by default a
 * real bundle (the built-in one of its kind and language, renamed), since central renders what it stores.
 */
function content(over: Record<string, unknown> = {}): Record<string, unknown> {
  const head = { id: 'enrollment-zh', version: '1.0.0', kind: 'enrollment', language: 'zh' as const };
  const o = { ...head, ...over } as typeof head;
  // Malformed headers (a kind that does not exist) still get real files: the header is what is refused.
  const real = existsSync(builtinTemplateDir(`${o.kind}-${o.language}`))
    ? o
    : { ...head, id: o.id, version: o.version };
  return { ...builtinRelease(real), ...over };
}

const signed = (release: Record<string, unknown> | Buffer): SignedRelease => signedWith(publisher.privateKey, release);

const sha256 = sha256Of;

describe('admin tokens', () => {
  it('are stored only as hashes', () => {
    const rows = central.store.db.prepare('SELECT id, token_hash FROM admins').all() as {
      id: string;
      token_hash: string;
    }[];
    expect(rows.map((r) => r.id)).toContain('registrar');
    expect(JSON.stringify(rows)).not.toContain(adminToken);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('the admin route answers 401 without a token, with a terminal token, an unknown or a revoked admin token, before reading the body', async () => {
    const revoked = await central.store.enrollAdmin('former', 'Former admin');
    await central.store.revokeAdmin('former');
    for (const token of [null, terminalToken, 'not-a-token', revoked]) {
      const r = await call(PUBLISH, token, signed(content({ id: 'never-stored' })));
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'unauthorized', message: 'A valid admin token is required' });
    }
    expect((await call(PUBLISH, null, null, '{not json')).status).toBe(401);
    expect(await central.store.latestReleases()).not.toContainEqual(expect.objectContaining({ id: 'never-stored' }));
  });

  it('an admin token is not a terminal token', async () => {
    expect((await call(LIST, adminToken, {})).status).toBe(401);
  });
});

describe('publishing', () => {
  it('stores a release: 201 with id, version and the SHA-256 of the release bytes', async () => {
    const s = signed(content({ id: 'publish-ok' }));
    const r = await call(PUBLISH, adminToken, s);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: 'publish-ok', version: '1.0.0', sha256: sha256(s) });
    const row = central.store.db
      .prepare("SELECT published_by, sha256 FROM template_releases WHERE id = 'publish-ok'")
      .get();
    expect(row).toEqual({ published_by: 'registrar', sha256: sha256(s) });
  });

  it('never replaces a published version: the same id and version again is 409, even with the same bytes', async () => {
    const first = signed(content({ id: 'immutable' }));
    expect((await call(PUBLISH, adminToken, first)).status).toBe(201);
    const changed = signed(content({ id: 'immutable', files: { 'manifest.json': b64url('{"changed":true}') } }));
    for (const again of [first, changed]) {
      const r = await call(PUBLISH, adminToken, again);
      expect(r.status).toBe(409);
      expect(r.json).toMatchObject({
        error: 'release_exists',
        message: expect.stringMatching(/immutable 1\.0\.0 is already published/),
      });
    }
    expect(await central.store.release('immutable', '1.0.0')).toEqual(first);
  });

  it('refuses a release that is not base64url, not UTF-8 JSON, or not a template release, saying why (400)', async () => {
    const cases: { body: SignedRelease; message: RegExp; paths: string[] }[] = [
      {
        body: { ...signed(content()), release: 'not+base64/' },
        message: /does not match the API contract/,
        paths: ['release'],
      },
      { body: { ...signed(content()), release: 'A' }, message: /not valid base64url/, paths: ['release'] },
      { body: signed(Buffer.from('this is not JSON')), message: /not UTF-8 JSON/, paths: ['release'] },
      { body: signed(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), message: /not UTF-8 JSON/, paths: ['release'] },
      {
        body: signed(content({ format: 'estation-template/2' })),
        message: /not an estation-template\/1 template release/,
        paths: ['release.format'],
      },
      {
        body: signed(content({ version: '1.0', kind: 'Not A Kind', id: 'Bad_Id' })),
        message: /not an estation-template\/1/,
        paths: ['release.version', 'release.kind', 'release.id'],
      },
      { body: signed(content({ files: {} })), message: /not an estation-template\/1/, paths: ['release.files'] },
      {
        body: signed(content({ files: { 'layout.json': 7 } })),
        message: /not an estation-template\/1/,
        paths: ['release.files.layout.json'],
      },
      { body: signed(content({ extra: true })), message: /not an estation-template\/1/, paths: ['release'] },
    ];
    for (const c of cases) {
      const r = await call(PUBLISH, adminToken, c.body);
      expect(r.status, JSON.stringify(c.body).slice(0, 80)).toBe(400);
      expect(r.json).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(c.message) });
      expect(fieldPaths(r.json)).toEqual(expect.arrayContaining(c.paths));
    }
  });

  it('accepts a release far over the 256 KiB kiosk limit, and refuses a body over 8 MiB with 413', async () => {
    const big = signed(
      content({
        id: 'big-seal',
        files: {
          ...builtinRelease({ id: 'big-seal', version: '1.0.0', kind: 'enrollment', language: 'zh' }).files,
          'seal.png': Buffer.alloc(3 * 1024 * 1024, 7).toString('base64'),
        },
      }),
    );
    expect((await call(PUBLISH, adminToken, big)).status).toBe(201);
    const tooBig = { ...signed(content({ id: 'too-big' })), keyId: 'k', padding: 'x'.repeat(8 * 1024 * 1024) };
    const r = await call(PUBLISH, adminToken, tooBig);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      error: 'body_too_large',
      message: `The request body is larger than ${8 * 1024 * 1024} bytes`,
    });
  });
});

describe('terminals', () => {
  const keep = new Map<string, SignedRelease>();
  beforeAll(async () => {
    for (const version of ['1.2.0', '1.10.0', '1.9.0']) {
      const s = signed(content({ id: 'transcript-en', kind: 'transcript', language: 'en', version }));
      keep.set(version, s);
      expect((await call(PUBLISH, adminToken, s)).status).toBe(201);
    }
  });

  it('list the newest version of each template by numeric version order, not string order', async () => {
    const r = await call(LIST, terminalToken, {});
    expect(r.status).toBe(200);
    const { releases } = ListTemplatesResponse.parse(r.json);
    expect(releases.filter((x) => x.id === 'transcript-en')).toEqual([
      {
        id: 'transcript-en',
        version: '1.10.0',
        kind: 'transcript',
        language: 'en',
        sha256: sha256(keep.get('1.10.0')!),
        keyId: 'publisher-2026',
        publishedAt: expect.any(String),
      },
    ]);
    expect(releases.map((x) => x.id)).toEqual([...new Set(releases.map((x) => x.id))].sort());
  });

  it('fetch a release exactly as it was published, and its signature still verifies', async () => {
    const r = await call(FETCH, terminalToken, { id: 'transcript-en', version: '1.9.0' });
    expect(r.status).toBe(200);
    const got = FetchTemplateResponse.parse(r.json);
    expect(got).toEqual(keep.get('1.9.0'));
    expect(
      verify(null, Buffer.from(got.release, 'base64url'), publisher.publicKey, Buffer.from(got.signature, 'base64url')),
    ).toBe(true);
  });

  it('fetch of an unknown id or version is 404, of a malformed one 400', async () => {
    for (const body of [
      { id: 'transcript-en', version: '9.9.9' },
      { id: 'no-such-template', version: '1.0.0' },
    ]) {
      const r = await call(FETCH, terminalToken, body);
      expect(r.status).toBe(404);
      expect(r.json.error).toBe('not_found');
    }
    const bad = await call(FETCH, terminalToken, { id: 'transcript-en', version: 'latest' });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad.json)).toEqual(['version']);
  });

  it('list and fetch answer 401 without a valid terminal token', async () => {
    for (const [path, body] of [
      [LIST, {}],
      [FETCH, { id: 'transcript-en', version: '1.9.0' }],
    ] as const) {
      for (const token of [null, 'not-a-token']) {
        const r = await call(path, token, body);
        expect(r.status).toBe(401);
        expect(r.json.error).toBe('unauthorized');
      }
    }
  });
});

describe('OpenAPI document', () => {
  it('describes the template routes, the admin route with its own token, 201 and 409', async () => {
    const doc = (await (await fetch(`${central.url}/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; security: Record<string, unknown>[]; responses: Record<string, unknown> }>
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.paths[LIST]?.post?.operationId).toBe('listTemplates');
    expect(Object.keys(doc.paths[FETCH]!.post!.responses)).toContain('404');
    const publish = doc.paths[PUBLISH]!.post!;
    expect(publish.operationId).toBe('publishTemplate');
    expect(publish.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(publish.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409', '413']));
    expect(doc.components.securitySchemes.adminToken).toEqual({ type: 'http', scheme: 'bearer' });
  });
});

describe('estation central enroll-admin', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints a token once that publishes at a running central using the same data folder', async () => {
    const r = cli('enroll-admin', 'web-team', '--name', 'Web team', '--data', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Admin web-team enrolled');
    const token = r.stdout.trim().split('\n').at(-1)!.trim();
    expect(token).toMatch(/^esta_[A-Za-z0-9_-]{32}$/);
    const published = await call(PUBLISH, token, signed(content({ id: 'from-cli' })));
    expect(published.status).toBe(201);
    expect(central.store.db.prepare("SELECT published_by FROM template_releases WHERE id = 'from-cli'").get()).toEqual({
      published_by: 'web-team',
    });
    expect((await call(LIST, token, {})).status).toBe(401);
  });

  it('without an admin id says what is missing and exits 2; --help shows the subcommand', () => {
    const r = cli('enroll-admin', '--data', dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('estation central: enroll-admin needs an admin id (letters, digits, "-" or "_")');
    expect(cli('--help').stdout).toContain('estation central enroll-admin ADMIN-ID [--name NAME] [--data DIR]');
  });
});
