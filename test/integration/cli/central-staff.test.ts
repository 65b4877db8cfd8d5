/**
 * `estation central staff add|set|disable|enable|list` and `estation central enroll --site` through
 * bin/estation (issue #18): the PIN comes from standard input, never the command line; refusals say
 * what to do and change nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { BIN, ROOT } from '../../helpers/central-process.js';
import { runEstation } from '../../helpers/run-estation.js';

/** Runs bin/estation with `input` on standard input. */
function withInput(args: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
    child.stdin!.end(input);
  });
}

describe('estation central staff', () => {
  it('adds, lists, changes, disables and enables staff accounts, and places stations at sites', async () => {
    const data = mkdtempSync(join(tmpdir(), 'estation-staff-cli-'));
    const add = await withInput(
      [
        'central',
        'staff',
        'add',
        'T20931',
        '--card',
        '66000001',
        '--name',
        '王老师',
        '--role',
        'operator',
        '--site',
        'qianfoshan',
        '--data',
        data,
      ],
      '482615\n',
    );
    expect(add.err).toBe('');
    expect(add.out).toContain('T20931  王老师  operator  sites: qianfoshan');
    const enrolled = await runEstation(['central', 'enroll', 'lib-1', '--site', 'qianfoshan/library', '--data', data]);
    expect(enrolled.code).toBe(0);

    const noSite = await withInput(
      ['central', 'staff', 'add', 'V1', '--card', '66000002', '--name', 'V', '--role', 'viewer', '--data', data],
      '482615\n',
    );
    expect(noSite.code).toBe(1);
    expect(noSite.err).toMatch(/needs at least one site[\s\S]*Nothing was changed/);
    const pinInArgs = await withInput(
      ['central', 'staff', 'add', 'V2', '--card', '66000003', '--name', 'V', '--role', 'admin', '--data', data],
      '12\n',
    );
    expect(pinInArgs.code).not.toBe(0);
    expect(pinInArgs.err).toMatch(/PIN must be 6 to 12 digits/);
    const badSite = await runEstation(['central', 'staff', 'set', 'T20931', '--site', '../etc', '--data', data]);
    expect(badSite.code).toBe(1);
    expect(badSite.err).toMatch(/is not a site/);

    expect(
      (await runEstation(['central', 'staff', 'set', 'T20931', '--site', 'hongjialou', '--data', data])).out,
    ).toContain('sites: hongjialou');
    expect((await runEstation(['central', 'staff', 'disable', 'T20931', '--data', data])).out).toContain('is disabled');
    const list = JSON.parse((await runEstation(['central', 'staff', 'list', '--json', '--data', data])).out) as {
      id: string;
      disabled: boolean;
    }[];
    expect(list.find((s) => s.id === 'T20931')).toMatchObject({ disabled: true, sites: ['hongjialou'] });
    expect((await runEstation(['central', 'staff', 'enable', 'T20931', '--data', data])).out).toContain('enabled');

    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    try {
      expect((await store.terminalState('lib-1'))?.site).toBe('qianfoshan/library');
      expect((await store.checkStaffPin('66000001', '482615', 'central')).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
