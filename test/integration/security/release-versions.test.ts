/**
 * Attack (issue #12, finding 6): with one admin token, publish a release whose version is `1` followed
 * by 400 zeros `.0.0` (Number() made it Infinity, so no later release ever ranked above it), or a
 * release signed by a key nobody trusts. Central started with publisher keys refuses both (400), with
 * a message that says what to do; a release signed by a trusted key is stored.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../shared/central-api.js';
import { keyIdOf } from '../../../lib/verification.js';
import { signDocument } from '../../../templates/engine/index.js';
import { useCentral } from '../central/central-fixture.js';
import { builtinRelease, centralCaller } from '../central/publishing-helpers.js';

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const central = useCentral({
  publisherKeys: new Map<string, KeyObject>([[keyIdOf(publisher.publicKey), publisher.publicKey]]),
});
const call = centralCaller(() => central.url);
const PUBLISH = adminRoutes.publishTemplate.path;
const release = (id: string, version: string) => builtinRelease({ id, version, kind: 'enrollment', language: 'zh' });

async function publish(body: unknown) {
  const admin = await central.store.enrollAdmin('registrar', 'Registrar');
  return call(PUBLISH, admin, body);
}

describe('template releases at central (issue #12, finding 6)', () => {
  it('refuses the version 1 followed by 400 zeros, even signed by a trusted key', async () => {
    const r = await publish(signDocument(release('forever', `1${'0'.repeat(400)}.0.0`), publisher.privateKey));
    expect(r.status).toBe(400);
    expect(r.text).toContain('MAJOR.MINOR.PATCH');
    expect(await central.store.latestReleases()).not.toContainEqual(expect.objectContaining({ id: 'forever' }));
  });

  it('refuses a release signed by a key central does not trust, and one altered after signing', async () => {
    const unknown = await publish(signDocument(release('stranger', '1.0.0'), stranger.privateKey));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toBe('unknown_key');
    expect(unknown.json.message).toMatch(/does not trust.*--publisher-key PEM/);

    const good = signDocument(release('altered', '1.0.0'), publisher.privateKey);
    const altered = { ...good, release: signDocument(release('altered', '9.0.0'), publisher.privateKey).release };
    const bad = await publish(altered);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('bad_signature');

    const ids = (await central.store.latestReleases()).map((r) => r.id);
    expect(ids).not.toContain('stranger');
    expect(ids).not.toContain('altered');
  });

  it('stores a release signed by a trusted key, and a later SemVer version ranks above it', async () => {
    expect((await publish(signDocument(release('trusted', '1.9.0'), publisher.privateKey))).status).toBe(201);
    expect((await publish(signDocument(release('trusted', '1.10.0-rc.1'), publisher.privateKey))).status).toBe(201);
    expect((await central.store.latestReleases()).find((r) => r.id === 'trusted')?.version).toBe('1.10.0-rc.1');
  });
});
