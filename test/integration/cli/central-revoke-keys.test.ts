/**
 * `estation central revoke`, `documents show` and `keys list|revoke` as an admin runs them: a real process on
 * a real data folder, then the verification page of a central started on that folder says what was done.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralApp } from '../../../central/app.js';
import { demoPeople } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { keyIdOf } from '../../../lib/verification.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'estation-revoke-cli-'));
const data = join(dir, 'central');
const file = join(data, 'central.sqlite');
const { publicKey } = generateKeyPairSync('ed25519');
const KID = keyIdOf(publicKey);
let serial = '';
let code = '';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', ...args, '--data', data], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(data, { recursive: true });
  const store = await SqliteCentralStore.open(file);
  const people = demoPeople();
  await store.seed(people);
  await store.enrollTerminal('k', 'K');
  const s = people.find((p) => p.role === 'student')!;
  const auth = await store.authorize('k', {
    jobId: 'j-1',
    personId: s.id,
    kind: 'enrollment',
    language: 'en',
    copies: 1,
  });
  await store.report('k', [
    { jobId: 'j-1', serial: auth.serial, outcome: 'printed', pages: 1, copies: 1, finishedAt: auth.issuedAt },
  ]);
  await store.signingKeys.register('k', publicKey.export({ type: 'spki', format: 'pem' }) as string);
  await store.close();
  serial = auth.serial;
  code = auth.verificationCode;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pageOf(): Promise<string> {
  const store = await SqliteCentralStore.open(file);
  const app = createCentralApp({ store });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return await (await fetch(`${url}/verify/${code}`)).text();
  } finally {
    await app.close();
    await store.close();
  }
}

describe('estation central revoke', () => {
  it('refuses an empty reason and an unknown serial, changing nothing', () => {
    const noReason = run('revoke', serial);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('revoke needs --reason TEXT');
    const blank = run('revoke', serial, '--reason', '   ');
    expect(blank.status).toBe(2);
    const unknown = run('revoke', 'DU-1999-999999', '--reason', 'lost');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No document has the serial DU-1999-999999');
    expect(run('documents', 'show', serial).stdout).toContain('Not revoked.');
  });

  it('revokes with the reason and who did it; the page says so; revoking twice says it was done', async () => {
    const r = run('revoke', serial, '--reason', 'Lost by the holder');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Document ${serial} is revoked`);
    const page = await pageOf();
    expect(page).toContain('data-state="revoked"');
    expect(page).toContain('Reason: Lost by the holder');
    const shown = JSON.parse(run('documents', 'show', serial, '--json').stdout) as {
      revoked: { by: string; reason: string };
      viewCount: number;
    };
    expect(shown.revoked.reason).toBe('Lost by the holder');
    expect(shown.revoked.by).toMatch(/^os:/);
    expect(shown.viewCount).toBe(1);
    const again = run('documents', 'revoke', serial, '--reason', 'again');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`Document ${serial} was already revoked`);
    expect(again.stderr).toContain('Nothing was changed.');
  });
});

describe('estation central keys', () => {
  it('lists the registered station keys and revokes one with a reason, once', () => {
    const list = run('keys', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${KID}  terminal k, registered`);
    expect(run('keys', 'revoke', KID).status).toBe(2);
    expect(run('keys', 'revoke', 'nokey', '--reason', 'x').stderr).toContain('No station key has the id nokey');
    const r = run('keys', 'revoke', KID, '--reason', 'station stolen');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('those issued before stay valid');
    const listed = JSON.parse(run('keys', 'list', '--json').stdout) as { keyId: string; revokedReason: string }[];
    expect(listed).toEqual([expect.objectContaining({ keyId: KID, revokedReason: 'station stolen' })]);
    expect(run('keys', 'revoke', KID, '--reason', 'again').stderr).toContain('was already revoked');
  });
});
