/**
 * Stations in bulk through bin/estation (issue #18): `enroll --csv` writes the tokens only into a new
 * 0600 file (never to standard output, never over an existing file), is all or nothing with every
 * problem listed by row, refuses an enrolled id without --rotate; `stations revoke` records who and why;
 * `stations list` filters by site.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { runEstation } from '../../helpers/run-estation.js';

const central = (...args: string[]) => runEstation(['central', ...args]);

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'estation-stations-cli-'));
  const csv = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, data: join(dir, 'central'), csv };
}

const tokensOf = (file: string) =>
  new Map(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => [l.split(',')[0]!, l.split(',').at(-1)!]),
  );

// Each test runs several CLI processes: slow on a loaded machine, never a timed assertion.
describe('estation central enroll --csv', { timeout: 120_000 }, () => {
  it('enrolls every station into a new 0600 tokens file and prints no token', async () => {
    const { dir, data, csv } = folder();
    const file = csv(
      'stations.csv',
      'id,name,site\nlib-1,图书馆一楼,qianfoshan/library\nlib-2,"Library, 2nd floor",qianfoshan/library\nmed-1,医学院,baotuquan/medicine\n',
    );
    const out = join(dir, 'tokens.csv');
    const r = await central('enroll', '--csv', file, '--tokens', out, '--data', data);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 station(s) enrolled');
    expect(r.out).not.toMatch(/estt_/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const tokens = tokensOf(out);
    expect([...tokens.keys()]).toEqual(['lib-1', 'lib-2', 'med-1']);
    expect(readFileSync(out, 'utf8')).toContain('"Library, 2nd floor"');
    const store = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    try {
      for (const [id, token] of tokens) expect((await store.terminalByToken(token))?.id).toBe(id);
    } finally {
      await store.close();
    }

    // The same file again: every id is refused, nothing changes, the tokens file is not left behind.
    const again = await central('enroll', '--csv', file, '--tokens', join(dir, 'again.csv'), '--data', data);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/lib-1 is already enrolled[\s\S]*--rotate[\s\S]*Nothing was enrolled/);
    expect(existsSync(join(dir, 'again.csv'))).toBe(false);

    // An existing tokens file is never overwritten.
    const over = await central('enroll', '--csv', file, '--tokens', out, '--rotate', '--data', data);
    expect(over.code).not.toBe(0);
    expect(over.err).toMatch(/already exists: name a new file/);
    expect(tokensOf(out)).toEqual(tokens);

    // --rotate: new tokens, the old ones stop working.
    const rotated = join(dir, 'rotated.csv');
    expect((await central('enroll', '--csv', file, '--tokens', rotated, '--rotate', '--data', data)).code).toBe(0);
    const fresh = tokensOf(rotated);
    const reopened = await SqliteCentralStore.open(join(data, 'central.sqlite'));
    try {
      expect(await reopened.terminalByToken(tokens.get('lib-1')!)).toBeNull();
      expect((await reopened.terminalByToken(fresh.get('lib-1')!))?.id).toBe('lib-1');
    } finally {
      await reopened.close();
    }

    const listed = JSON.parse(
      (await central('stations', 'list', '--json', '--site', 'qianfoshan', '--data', data)).out,
    );
    expect(listed.map((s: { id: string }) => s.id)).toEqual(['lib-1', 'lib-2']);
  });

  it('lists every problem with its row number and enrolls nothing', async () => {
    const { dir, data, csv } = folder();
    const file = csv(
      'bad.csv',
      'id,name,site\nok-1,Fine,main\n../etc,Bad id,main\nok-2,,Main Campus\nok-1,Twice,main\nok-3,Extra,main,x\n',
    );
    const r = await central('enroll', '--csv', file, '--tokens', join(dir, 't.csv'), '--data', data);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 3: id "../etc" is not a station id');
    expect(r.err).toContain('row 4: the name must be 1 to 100 characters');
    expect(r.err).toContain('row 4: site "Main Campus" is not a site');
    expect(r.err).toContain('row 5: id ok-1 is also on row 2');
    expect(r.err).toContain('row 6: it has 4 fields');
    expect(r.err).toContain('Nothing was enrolled');
    expect(existsSync(join(dir, 't.csv'))).toBe(false);
    const header = await central(
      'enroll',
      '--csv',
      csv('header.csv', 'id,site\nx,main\n'),
      '--tokens',
      join(dir, 't.csv'),
      '--data',
      data,
    );
    expect(header.err).toMatch(/row 1 \(the header\)[\s\S]*missing: name/);
    expect((await central('enroll', '--csv', file, '--data', data)).err).toMatch(/needs --tokens OUT/);
    expect(JSON.parse((await central('stations', 'list', '--json', '--data', data)).out)).toEqual([]);
  });
});

describe('estation central stations revoke', { timeout: 120_000 }, () => {
  it('revokes with who and why, refuses an unknown or already revoked station and a revocation without a reason', async () => {
    const { dir, data, csv } = folder();
    const file = csv('s.csv', 'id,name,site\nk-1,K1,main\nk-2,K2,main\n');
    expect((await central('enroll', '--csv', file, '--tokens', join(dir, 't.csv'), '--data', data)).code).toBe(0);
    expect((await central('stations', 'revoke', 'k-1', '--data', data)).err).toMatch(/needs --reason TEXT/);
    const r = await central('stations', 'revoke', 'k-1', '--reason', 'stolen from the library', '--data', data);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Station k-1 is revoked');
    const twice = await central('stations', 'revoke', 'k-1', '--reason', 'again', '--data', data);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already revoked[\s\S]*nothing was changed/);
    const unknown = await central('stations', 'revoke', 'nope', '--reason', 'x', '--data', data);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No station nope is enrolled/);
    const text = (await central('stations', 'list', '--data', data)).out;
    expect(text).toMatch(/k-1 {2}K1 {2}main {2}REVOKED .* by os:.*: stolen from the library/);
    expect(text).toMatch(/k-2 {2}K2 {2}main {2}last heartbeat never/);
  });
});
