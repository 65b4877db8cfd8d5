/**
 * Rollouts as an admin runs them, real processes against a real central (docs/templates.md, "Publishing
 * safely"): `estation central group`, `estation template publish` refused with each problem listed or
 * sent to a pilot group, `estation template promote` and `estation template rollback`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { adminCli } from '../../helpers/admin-cli.js';
import { bundleCopy, offeredTo } from '../../helpers/template-releases.js';

const dir = mkdtempSync(join(tmpdir(), 'estation-rollout-cli-'));
const data = join(dir, 'central');
let central: RunningCentral;
let token: string;

beforeAll(async () => {
  central = await startCentralServer({
    dataDir: data,
    port: 0,
    seedDemo: true,
    terminals: [
      { id: 'pilot-1', name: 'Library' },
      { id: 'hall-2', name: 'Hall' },
    ],
  });
  token = await central.store.enrollAdmin('registrar', 'Registrar');
  const key = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'publisher.pem'), key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
});
afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

const estation = adminCli(() => token);
const admin = ['--central', '', '--key', join(dir, 'publisher.pem')];
const withCentral = (args: string[]) => args.map((a, i) => (args[i - 1] === '--central' ? central.url : a));

/** A copy of built-in bundle `from` as `id` at `version`, for `kind`. */
const bundle = (from: string, id: string, version: string, kind: string) =>
  bundleCopy(from, join(dir, `${id}-${version}-${from}`), { id, version, kind });

const versionFor = async (terminal: string) =>
  (await offeredTo(central, terminal)).releases.find((r) => r.id === 'enrollment-zh')?.version;

describe('estation central group', () => {
  it('adds, lists and removes terminals; an unknown terminal changes nothing', async () => {
    const added = await estation('central', 'group', 'add', 'pilot', 'pilot-1', '--data', data);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toBe('Group pilot: added pilot-1.');
    const unknown = await estation('central', 'group', 'add', 'pilot', 'hall-2', 'ghost-9', '--data', data);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No terminal ghost-9 is enrolled at this central; enroll it first/);
    const listed = await estation('central', 'group', 'list', '--data', data, '--json');
    expect(JSON.parse(listed.stdout)).toEqual({ groups: [{ group: 'pilot', terminals: ['pilot-1'] }] });
    const bad = await estation('central', 'group', 'add', 'Pilot Group', 'pilot-1', '--data', data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a group name/);
    await estation('central', 'group', 'add', 'night', 'hall-2', '--data', data);
    const removed = await estation('central', 'group', 'remove', 'night', 'hall-2', 'pilot-1', '--data', data);
    expect(removed.stdout.trim()).toBe('Group night: removed hall-2 (not in it: pilot-1).');
    const after = await estation('central', 'group', 'list', '--data', data);
    expect(after.stdout.trim()).toBe('pilot: pilot-1');
  }, 120_000);
});

describe('estation template publish, promote and rollback', () => {
  it("a release that reads another kind's data is refused, each problem on its own line", async () => {
    const r = await estation(
      'template',
      'publish',
      bundle('transcript-zh', 'enrollment-zh', '7.0.0', 'enrollment'),
      ...withCentral(admin),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/central refused enrollment-zh@7\.0\.0 \(422 release_refused\)/);
    expect(r.stderr).toMatch(
      /^ {2}release {2}courses: the template reads "courses", but kind "enrollment" has no "courses" data/m,
    );
    expect(r.stderr).toMatch(/^ {2}release {2}totals\.gpa: /m);
    expect(await versionFor('pilot-1')).toBeUndefined();
  }, 120_000);

  it('a pilot release reaches the group first, then everyone once promoted', async () => {
    const r = await estation(
      'template',
      'publish',
      bundle('enrollment-zh', 'enrollment-zh', '7.0.0', 'enrollment'),
      ...withCentral(admin),
      '--to-group',
      'pilot',
      '--check-people',
      '5',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Kiosks of group pilot .*\(estation template promote enrollment-zh 7\.0\.0\)/);
    expect(await versionFor('pilot-1')).toBe('7.0.0');
    expect(await versionFor('hall-2')).toBeUndefined();
    const p = await estation('template', 'promote', 'enrollment-zh', '7.0.0', '--central', central.url);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^Promoted enrollment-zh@7\.0\.0 to every terminal/);
    expect(await versionFor('hall-2')).toBe('7.0.0');
    const again = await estation('template', 'promote', 'enrollment-zh', '6.0.0', '--central', central.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/404 unknown_release/);
  }, 180_000);

  it('rollback signs an instruction back to a lower version; with nothing above it, it says so', async () => {
    const nothing = await estation('template', 'rollback', 'enrollment-zh', '--to', '7.0.0', ...withCentral(admin));
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/7\.0\.0 is already the highest published version; there is nothing to roll back/);
    const next = await estation(
      'template',
      'publish',
      bundle('enrollment-zh', 'enrollment-zh', '7.1.0', 'enrollment'),
      ...withCentral(admin),
    );
    expect(next.code, next.stderr).toBe(0);
    expect(await versionFor('hall-2')).toBe('7.1.0');
    const r = await estation('template', 'rollback', 'enrollment-zh', '--to', '7.0.0', ...withCentral(admin));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Rolled enrollment-zh back to 7\.0\.0 \(withdrawn: the versions above it up to 7\.1\.0/);
    expect(await versionFor('hall-2')).toBe('7.0.0');
    const never = await estation('template', 'rollback', 'enrollment-zh', '--to', '1.0.0', ...withCentral(admin));
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/1\.0\.0 was never published at this central \(published: 7\.0\.0, 7\.1\.0\)/);
  }, 180_000);
});
