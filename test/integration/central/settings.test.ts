/**
 * Settings publishing at central, over loopback: admins publish signed `estation-settings/1` releases
 * (admin token, 1 MiB body limit, versions only go up, malformed releases refused), and each terminal
 * gets the newest release addressed to it or to `*`, byte for byte. Central never verifies signatures;
 * the releases here are signed for real anyway, and the served release still verifies.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { centralCaller, fieldPaths, sha256Of, signedWith } from './publishing-helpers.js';
import {
  adminRoutes,
  centralRoutes,
  CurrentSettingsResponse,
  type SignedRelease,
} from '../../../shared/central-api.js';

const PUBLISH = adminRoutes.publishSettings.path;
const CURRENT = centralRoutes.currentSettings.path;
const publisher = generateKeyPairSync('ed25519');

let central: RunningCentral<SqliteCentralStore>;
let dir: string;
let adminToken: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-settings-'));
  central = await startCentralServer({
    dataDir: dir,
    port: 0,
    terminals: [
      { id: 'kiosk-a', name: 'Library' },
      { id: 'kiosk-b', name: 'Canteen' },
    ],
  });
  tokenA = central.tokens['kiosk-a']!;
  tokenB = central.tokens['kiosk-b']!;
  adminToken = await central.store.enrollAdmin('registrar', 'Registrar office');
});

afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = centralCaller(() => central.url);

/** A settings release, overridable field by field. */
function content(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'estation-settings/1',
    version: 1,
    terminals: ['*'],
    settings: { session: { idleTimeoutS: 60 }, language: 'zh' },
    ...over,
  };
}

const signed = (release: Record<string, unknown> | Buffer): SignedRelease => signedWith(publisher.privateKey, release);

const sha256 = sha256Of;
const storedVersions = () =>
  (
    central.store.db.prepare('SELECT version FROM settings_releases ORDER BY version').all() as { version: number }[]
  ).map((r) => r.version);

const v1 = signed(
  content({
    version: 1,
    terminals: ['*'],
    settings: { branding: { campusName: { zh: '主校区', en: 'Main campus' }, primaryColor: '#1a4d8f' } },
  }),
);
const v2 = signed(
  content({
    version: 2,
    terminals: ['kiosk-b'],
    settings: { session: { idleTimeoutS: 90, doneCountdownS: 10 }, staff: { offlineAccessDays: 7 } },
  }),
);

describe('before any publication', () => {
  it('a terminal gets null', async () => {
    const r = await call(CURRENT, tokenA, {});
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ settings: null });
  });
});

describe('authentication', () => {
  it('the admin route answers 401 without a token, with a terminal token or an unknown token, before reading the body', async () => {
    for (const token of [null, tokenA, 'not-a-token']) {
      const r = await call(PUBLISH, token, signed(content({ version: 99 })));
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'unauthorized', message: 'A valid admin token is required' });
    }
    expect((await call(PUBLISH, null, null, '{not json')).status).toBe(401);
    expect(storedVersions()).toEqual([]);
  });

  it('the terminal route answers 401 without a token, with an admin token or an unknown token', async () => {
    for (const token of [null, adminToken, 'not-a-token']) {
      const r = await call(CURRENT, token, {});
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: 'unauthorized', message: 'A valid terminal token is required' });
    }
  });
});

describe('publishing', () => {
  it('refuses a release that is not base64url, not UTF-8 JSON, or not a settings release, saying why (400), and stores nothing', async () => {
    const cases: { body: unknown; message: RegExp; paths: string[]; detail?: RegExp }[] = [
      {
        body: { ...signed(content()), release: 'not+base64/' },
        message: /does not match the API contract/,
        paths: ['release'],
      },
      { body: { ...signed(content()), extra: 1 }, message: /does not match the API contract/, paths: ['(body)'] },
      { body: { ...signed(content()), release: 'A' }, message: /not valid base64url/, paths: ['release'] },
      { body: signed(Buffer.from('this is not JSON')), message: /not UTF-8 JSON/, paths: ['release'] },
      { body: signed(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), message: /not UTF-8 JSON/, paths: ['release'] },
      {
        body: signed(content({ format: 'estation-template/1' })),
        message: /not an estation-settings\/1 settings release/,
        paths: ['release.format'],
      },
      {
        body: signed(content({ settings: { printer: { uri: 'ipp://x' } } })),
        message: /not an estation-settings\/1/,
        paths: ['release.settings'],
        detail: /printer/,
      },
      {
        body: signed(content({ settings: { session: { idleTimeoutS: 5 } } })),
        message: /not an estation-settings\/1/,
        paths: ['release.settings.session.idleTimeoutS'],
      },
      {
        body: signed(content({ version: 1.5, terminals: [] })),
        message: /not an estation-settings\/1/,
        paths: ['release.version', 'release.terminals'],
      },
      { body: signed(content({ version: 0 })), message: /not an estation-settings\/1/, paths: ['release.version'] },
    ];
    for (const c of cases) {
      const r = await call(PUBLISH, adminToken, c.body);
      expect(r.status, JSON.stringify(c.body).slice(0, 80)).toBe(400);
      expect(r.json).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(c.message) });
      expect(fieldPaths(r.json)).toEqual(expect.arrayContaining(c.paths));
      if (c.detail) expect(JSON.stringify(r.json.fields)).toMatch(c.detail);
    }
    expect(storedVersions()).toEqual([]);
  });

  it('stores v1 for every terminal and v2 for one: 201 with the version and the SHA-256 of the release bytes', async () => {
    for (const s of [v1, v2]) {
      const r = await call(PUBLISH, adminToken, s);
      expect(r.status).toBe(201);
      expect(r.json).toEqual({ version: s === v1 ? 1 : 2, sha256: sha256(s) });
    }
    const row = central.store.db
      .prepare('SELECT terminals, published_by, sha256, key_id FROM settings_releases WHERE version = 2')
      .get();
    expect(row).toEqual({
      terminals: '["kiosk-b"]',
      published_by: 'registrar',
      sha256: sha256(v2),
      key_id: 'publisher-2026',
    });
  });

  it('refuses a version that is not above every published one with 409, naming the highest', async () => {
    for (const version of [2, 1]) {
      const r = await call(PUBLISH, adminToken, signed(content({ version, terminals: ['kiosk-a'] })));
      expect(r.status).toBe(409);
      expect(r.json).toEqual({
        error: 'version_not_newer',
        message: expect.stringMatching(/Settings version \d is not newer than version 2, the highest published/),
      });
    }
    expect(storedVersions()).toEqual([1, 2]);
  });

  it('refuses a version that jumps too far (a typo would block every later one), and one beyond 2^31-1', async () => {
    const jump = await call(PUBLISH, adminToken, signed(content({ version: 2 + 1001 })));
    expect(jump.status).toBe(409);
    expect(jump.json).toMatchObject({
      error: 'version_not_newer',
      message: expect.stringMatching(/jumps more than 1000 above version 2.*publish 3/),
    });
    const huge = await call(PUBLISH, adminToken, signed(content({ version: Number.MAX_SAFE_INTEGER })));
    expect(huge.status).toBe(400);
    expect(storedVersions()).toEqual([1, 2]);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const tooBig = { ...signed(content({ version: 50 })), padding: 'x'.repeat(1024 * 1024) };
    const r = await call(PUBLISH, adminToken, tooBig);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      error: 'body_too_large',
      message: `The request body is larger than ${1024 * 1024} bytes`,
    });
  });
});

describe('terminals', () => {
  it('get the newest release addressed to them or to *: kiosk-b gets v2, kiosk-a gets v1', async () => {
    const b = await call(CURRENT, tokenB, {});
    expect(b.status).toBe(200);
    expect(CurrentSettingsResponse.parse(b.json).settings).toEqual(v2);
    const a = await call(CURRENT, tokenA, {});
    expect(CurrentSettingsResponse.parse(a.json).settings).toEqual(v1);
  });

  it('get the release exactly as published: the same bytes, and the signature still verifies', async () => {
    const r = await call(CURRENT, tokenB, {});
    expect(r.text).toBe(JSON.stringify({ settings: v2 }));
    const got = CurrentSettingsResponse.parse(r.json).settings!;
    const bytes = Buffer.from(got.release, 'base64url');
    expect(bytes.equals(Buffer.from(v2.release, 'base64url'))).toBe(true);
    expect(verify(null, bytes, publisher.publicKey, Buffer.from(got.signature, 'base64url'))).toBe(true);
  });

  it('a later release for other terminals does not change what kiosk-a gets', async () => {
    const v7 = signed(content({ version: 7, terminals: ['kiosk-c', 'kiosk-b'] }));
    expect((await call(PUBLISH, adminToken, v7)).status).toBe(201);
    expect((await call(CURRENT, tokenA, {})).json).toEqual({ settings: v1 });
    expect((await call(CURRENT, tokenB, {})).json).toEqual({ settings: v7 });
  });

  it('a body that is not the empty object is 400', async () => {
    const r = await call(CURRENT, tokenA, { version: 1 });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });
});

describe('OpenAPI document', () => {
  it('describes both routes: the terminal route, the admin route with its own token, 201 and 409', async () => {
    const doc = (await (await fetch(`${central.url}/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; security: Record<string, unknown>[]; responses: Record<string, unknown> }>
      >;
    };
    expect(doc.paths[CURRENT]?.post?.operationId).toBe('currentSettings');
    expect(doc.paths[CURRENT]?.post?.security).toEqual([{ terminalToken: [] }]);
    const publish = doc.paths[PUBLISH]!.post!;
    expect(publish.operationId).toBe('publishSettings');
    expect(publish.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(publish.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409', '413']));
  });
});
