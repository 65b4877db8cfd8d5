/**
 * `estation central documents show` names who made a staff reprint and why (issue #12, finding 7): the
 * staff member whose grant central checked, and the reason the station sent. A real process on a real
 * central database.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'estation-reprint-cli-'));
const data = join(dir, 'central');
let reprintSerial = '';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), 'central', ...args, '--data', data], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

beforeAll(async () => {
  mkdirSync(data, { recursive: true });
  const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
  const people = demoPeople();
  await store.seed(people);
  await store.enrollTerminal('k', 'K');
  const s = people.find((p) => p.role === 'student')!;
  const staff = people.find((p) => p.role === 'staff')!;
  await store.recordCardLookup('k', s.id);
  const job = { personId: s.id, kind: 'enrollment', language: 'en' as const, copies: 1 };
  await store.authorize('k', { jobId: 'orig', ...job });
  const { token } = await store.issueStaffGrant('k', staff.id);
  const reprint = await store.authorize('k', {
    jobId: 'again',
    ...job,
    reprintOf: 'orig',
    staffGrant: token,
    reason: 'paper_jam',
  });
  reprintSerial = reprint.serial;
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('estation central documents show, for a staff reprint', () => {
  it('names the original, the staff member and the reason', () => {
    const staff = demoPeople().find((p) => p.role === 'staff')!;
    const shown = run('documents', 'show', reprintSerial);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`Staff reprint of job orig, by staff ${staff.id}: paper_jam.`);
    const json = JSON.parse(run('documents', 'show', reprintSerial, '--json').stdout) as { reprint: unknown };
    expect(json.reprint).toEqual({ of: 'orig', staff: staff.id, reason: 'paper_jam' });
  });
});
