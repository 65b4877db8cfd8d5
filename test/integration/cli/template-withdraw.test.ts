/**
 * `estation template withdraw ID VERSION --reason TEXT` as an admin runs it, real processes against a
 * real central that trusts one publisher key (a PEM in its data folder's publisher-keys/): the release
 * is no longer offered nor served, the stations get a signed rollback to the version below, the audit
 * keeps who and why; and a release signed by another key is refused (issue #12, finding 6).
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHER_KEY_DIR, startCentralServer, type RunningCentral } from '../../../central/server.js';
import { centralRoutes } from '../../../shared/central-api.js';
import { adminCli } from '../../helpers/admin-cli.js';
import { bundleCopy, offeredTo } from '../../helpers/template-releases.js';

const dir = mkdtempSync(join(tmpdir(), 'estation-withdraw-cli-'));
const data = join(dir, 'central');
let central: RunningCentral<SqliteCentralStore>;
let token: string;

beforeAll(async () => {
  const key = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'publisher.pem'), key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const stranger = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'stranger.pem'), stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  // Central trusts the public half only, from its data folder.
  mkdirSync(join(data, PUBLISHER_KEY_DIR), { recursive: true });
  writeFileSync(join(data, PUBLISHER_KEY_DIR, 'registrar.pem'), key.publicKey.export({ type: 'spki', format: 'pem' }));
  central = await startCentralServer({
    dataDir: data,
    port: 0,
    seedDemo: true,
    terminals: [{ id: 'hall-2', name: 'Hall' }],
  });
  token = await central.store.enrollAdmin('registrar', 'Registrar');
});
afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

const estation = adminCli(() => token);

const bundle = (version: string) =>
  bundleCopy('enrollment-zh', join(dir, `enrollment-zh-${version}`), { id: 'enrollment-zh', version });

const publish = (version: string, key = 'publisher.pem') =>
  estation(
    'template',
    'publish',
    bundle(version),
    '--key',
    join(dir, key),
    '--central',
    central.url,
    '--check-people',
    '0',
  );

const offered = () => offeredTo(central, 'hall-2');

describe('estation template withdraw', () => {
  it('a release signed by a key central does not trust is refused with 400', async () => {
    const r = await publish('3.0.0', 'stranger.pem');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/400 unknown_key.*does not trust/);
  });

  it('withdraws the newest version: not offered, not served, stations rolled back, the audit keeps who and why', async () => {
    for (const v of ['1.0.0', '1.1.0']) expect((await publish(v)).code).toBe(0);
    expect((await offered()).releases.find((r) => r.id === 'enrollment-zh')?.version).toBe('1.1.0');

    const noReason = await estation('template', 'withdraw', 'enrollment-zh', '1.1.0', '--central', central.url);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain('--reason TEXT is required');

    const args = ['template', 'withdraw', 'enrollment-zh', '1.1.0', '--reason', 'wrong seal on page 2'];
    const w = await estation(...args, '--central', central.url, '--key', join(dir, 'publisher.pem'));
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toContain('Withdrew enrollment-zh 1.1.0 at central');
    expect(w.stdout).toContain('Rolled enrollment-zh back to 1.0.0');

    const now = await offered();
    expect(now.releases.find((r) => r.id === 'enrollment-zh')?.version).toBe('1.0.0');
    expect(now.rollbacks).toHaveLength(1);
    const fetched = await fetch(`${central.url}${centralRoutes.fetchTemplate.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens['hall-2']}` },
      body: JSON.stringify({ id: 'enrollment-zh', version: '1.1.0' }),
    });
    expect(fetched.status).toBe(404);
    expect(
      central.store.db.prepare('SELECT id, version, reason, withdrawn_by FROM template_withdrawals').all(),
    ).toEqual([{ id: 'enrollment-zh', version: '1.1.0', reason: 'wrong seal on page 2', withdrawn_by: 'registrar' }]);
    // The release itself is kept (nothing is deleted).
    expect(
      central.store.db.prepare("SELECT COUNT(*) AS n FROM template_releases WHERE version = '1.1.0'").get(),
    ).toEqual({ n: 1 });

    const again = await estation(...args, '--central', central.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/409 already_withdrawn.*by registrar/);
  });
});
