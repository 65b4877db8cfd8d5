/** The `estation` command line as a user meets it: help, one-line errors, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'estation'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('estation CLI', () => {
  it('lists the commands with --help and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    for (const c of ['demo', 'kiosk', 'central', 'simulate']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('without a command prints help and exits non-zero', () => {
    expect(run().status).toBe(2);
  });

  it('every command has --help', () => {
    for (const c of ['demo', 'kiosk', 'central', 'simulate']) {
      const r = run(c, '--help');
      expect(r.status, c).toBe(0);
      expect(r.stdout).toMatch(/Usage: estation/);
    }
  });

  it('a wrong flag gives a one-line error and exit code 2', () => {
    const r = run('demo', '--colour', 'red');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/estation demo: .*--colour/);
  });

  it('a missing value gives a one-line error and exit code 2', () => {
    const r = run('kiosk', '--config');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a value that starts with "-" is explained with the way to write it', () => {
    const r = run('template', 'publish', 'dir', '--admin-token', '-abc');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--admin-token.*ambiguous.*'--admin-token=-XYZ'/);
  });

  it('a proxy that is not an address is refused before central starts', () => {
    const r = run('central', '--port', '0', '--trust-proxy', 'everyone');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--trust-proxy: "everyone" is not a proxy address/);
  });

  it('an unknown command is named', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('an invalid configuration stops start-up naming the key', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'estation-cli-')), 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({ printer: { type: 'file', dir: 5 }, readers: [{ type: 'hid', vendorId: 'abc' }] }),
    );
    const r = run('kiosk', '--config', f, '--web');
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/printer\.dir: found 5, expected/);
    expect(r.stderr).toMatch(/readers\[0\]\.vendorId/);
  });

  it('rejects a port that is not a port', () => {
    const r = run('demo', '--web', '--port', 'abc');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port needs a whole number/);
  });
});
