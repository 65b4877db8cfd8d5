/**
 * `estation central institution set` and `show` as an admin meets them: the real command line on a
 * real central database, every set kept as a version with who set it, every problem of a bad file
 * listed with its field path, and the demo university until a profile is set.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentInstitution, institutionVersion } from '../../../central/store/institution.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLES = join(ROOT, 'central/examples/institution');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', 'institution', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

function exampleCopy(change: (p: Record<string, unknown>) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'estation-institution-cli-'));
  copyFileSync(join(EXAMPLES, 'registrar-seal.png'), join(dir, 'registrar-seal.png'));
  const profile = JSON.parse(readFileSync(join(EXAMPLES, 'profile.json'), 'utf8')) as Record<string, unknown>;
  change(profile);
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile, null, 2));
  return join(dir, 'profile.json');
}

describe('estation central institution', () => {
  it('shows the demo university until a profile is set', () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-institution-data-'));
    const r = run('show', '--data', data);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No institution profile was set: central issues documents as the demo university/);
    expect(r.stdout).toContain('Name: 示范大学 / Demo University');
    expect(r.stdout).toContain('Serial prefix: DU');
    const json = JSON.parse(run('show', '--data', data, '--json').stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: null,
      demo: true,
      institution: { serialPrefix: 'DU', timezone: 'Asia/Shanghai' },
    });
  });

  it('sets a profile as a new version each time, recording who, and keeps the old ones', async () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-institution-data-'));
    const first = run('set', join(EXAMPLES, 'profile.json'), '--data', data);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Institution profile version 1 is now in force:/);
    expect(first.stdout).toContain('Serial prefix: DHUT');
    expect(first.stdout).toMatch(
      /registrar: 教务处 \/ Office of Academic Affairs; seals transcript, enrollment, student-status; seal image \d+ bytes/,
    );

    const renamed = exampleCopy((p) => {
      p.serialPrefix = 'DHU';
      p.timezone = 'Asia/Urumqi';
    });
    const second = run('set', renamed, '--data', data);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Institution profile version 2 is now in force:/);

    const shown = run('show', '--data', data);
    // When, on the institution's clock (version 2 is in Asia/Urumqi), and who.
    expect(shown.stdout).toMatch(
      new RegExp(
        `^Institution profile version 2, set \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\(Asia/Urumqi\\) by os:${userInfo().username}:`,
      ),
    );
    expect(shown.stdout).toContain('Timezone: Asia/Urumqi');
    expect(shown.stdout).toContain('Versions kept: 2');
    const json = JSON.parse(run('show', '--data', data, '--json').stdout) as {
      version: number;
      history: { version: number; setBy: string }[];
      institution: { offices: { seal?: { bytes: number; sha256: string } }[] };
    };
    expect(json.version).toBe(2);
    expect(json.history.map((h) => h.version)).toEqual([1, 2]);
    expect(json.history.every((h) => h.setBy === `os:${userInfo().username}`)).toBe(true);
    const png = readFileSync(join(EXAMPLES, 'registrar-seal.png'));
    expect(json.institution.offices[0]!.seal!.bytes).toBe(png.length);

    // The database itself: version 1 is still there, seal bytes and all; version 2 is in force.
    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    try {
      expect((await currentInstitution(store.sql))!.institution.serialPrefix).toBe('DHU');
      const v1 = (await institutionVersion(store.sql, 1))!;
      expect(v1.institution.serialPrefix).toBe('DHUT');
      expect(Buffer.from(v1.institution.offices[0]!.seal!)).toEqual(png);
      expect((await store.institution()).timezone).toBe('Asia/Urumqi');
    } finally {
      await store.close();
    }
  });

  it('refuses a bad file, listing every problem with its field path, and changes nothing', () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-institution-data-'));
    const bad = exampleCopy((p) => {
      p.serialPrefix = 'dhut';
      p.timezone = 'Beijing';
      (p.offices as { seal?: string }[])[0]!.seal = 'missing.png';
    });
    const r = run('set', bad, '--data', data);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not a valid institution profile');
    expect(r.stderr).toMatch(/^ {2}serialPrefix: must be 2 to 8 capital letters/m);
    expect(r.stderr).toMatch(/^ {2}timezone: must be an IANA timezone/m);
    expect(r.stderr).toMatch(/^ {2}offices\.0\.seal: the seal image .*missing\.png does not exist/m);
    expect(r.stderr).toMatch(/Nothing was changed; fix the file and run the command again\./);
    // A file that is not a PNG.
    const sealOnly = exampleCopy((p) => {
      (p.offices as { seal?: string }[])[0]!.seal = 'profile.json';
    });
    const s = run('set', sealOnly, '--data', data);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/^ {2}offices\.0\.seal: the seal image .*profile\.json is not a PNG file/m);
    expect(run('show', '--data', data).stdout).toMatch(/No institution profile was set/);
  });

  it('a missing subcommand or file is a usage error', () => {
    expect(run().status).toBe(2);
    const r = run('set');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/institution set needs one profile file/);
  });
});
