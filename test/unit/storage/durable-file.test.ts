/**
 * writeFileDurable: the target holds the old content or the new, whatever fails; the scratch file never
 * stays; the data and the folder are fsynced, in that order around the rename.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsyncTree, nodeDurableFs, writeFileDurable, type DurableFs } from '../../../drivers/durable-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estation-durable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The real file system, recording each call and failing the one named in `fail`. */
function recording(fail?: { call: keyof DurableFs; nth?: number }) {
  const calls: string[] = [];
  const fdPaths = new Map<number, string>();
  const seen = new Map<string, number>();
  const wrap =
    <K extends keyof DurableFs>(name: K, describe: (...args: Parameters<DurableFs[K]>) => string) =>
    (...args: Parameters<DurableFs[K]>): ReturnType<DurableFs[K]> => {
      calls.push(`${name} ${describe(...args)}`);
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      if (fail?.call === name && (fail.nth ?? 1) === n)
        throw Object.assign(new Error(`${name} failed (injected)`), { code: 'EIO' });
      return (nodeDurableFs[name] as (...a: unknown[]) => ReturnType<DurableFs[K]>)(...args);
    };
  const rel = (p: string) =>
    p === dir
      ? '<dir>'
      : p.startsWith(dir)
        ? p.slice(dir.length + 1).replace(/\.[0-9a-f]{12}\.tmp$/, '.<rand>.tmp')
        : p;
  const openSync = wrap('openSync', (p) => rel(p));
  const fsys: DurableFs = {
    openSync: (path, flags, mode) => {
      const fd = openSync(path, flags, mode);
      fdPaths.set(fd, rel(path));
      return fd;
    },
    writeFileSync: wrap('writeFileSync', (fd) => fdPaths.get(fd)!),
    fsyncSync: wrap('fsyncSync', (fd) => fdPaths.get(fd)!),
    closeSync: wrap('closeSync', (fd) => fdPaths.get(fd)!),
    renameSync: wrap('renameSync', (a, b) => `${rel(a)} -> ${rel(b)}`),
    rmSync: wrap('rmSync', (p) => rel(p)),
    readdirSync: wrap('readdirSync', (p) => rel(p)),
  };
  return { fs: fsys, calls };
}

describe('writeFileDurable', () => {
  it('writes a scratch file, fsyncs it, renames it into place and fsyncs the folder', () => {
    const { fs: fsys, calls } = recording();
    writeFileDurable(join(dir, 'a.json'), '{"v":1}', {}, fsys);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"v":1}');
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(calls).toEqual([
      'openSync .a.json.<rand>.tmp',
      'writeFileSync .a.json.<rand>.tmp',
      'fsyncSync .a.json.<rand>.tmp',
      'closeSync .a.json.<rand>.tmp',
      'renameSync .a.json.<rand>.tmp -> a.json',
      ...(process.platform === 'win32' ? [] : ['openSync <dir>', 'fsyncSync <dir>', 'closeSync <dir>']),
    ]);
  });

  it('replaces an existing file, and sets the mode of a new one', () => {
    writeFileSync(join(dir, 'k.pem'), 'old');
    writeFileDurable(join(dir, 'k.pem'), 'new');
    expect(readFileSync(join(dir, 'k.pem'), 'utf8')).toBe('new');
    writeFileDurable(join(dir, 'secret'), 'x', { mode: 0o600 });
    if (process.platform !== 'win32') expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });

  it.each([['writeFileSync'], ['fsyncSync'], ['closeSync'], ['renameSync']] as const)(
    'leaves the old content and no scratch file when %s fails',
    (call) => {
      writeFileSync(join(dir, 'a.json'), 'old');
      const { fs: fsys, calls } = recording({ call });
      expect(() => writeFileDurable(join(dir, 'a.json'), 'new', {}, fsys)).toThrow(/injected/);
      expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['a.json']);
      expect(calls).toContain('rmSync .a.json.<rand>.tmp');
    },
  );

  it('leaves no file at all when a first write fails', () => {
    const { fs: fsys } = recording({ call: 'fsyncSync' });
    expect(() => writeFileDurable(join(dir, 'new.json'), 'x', {}, fsys)).toThrow(/injected/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a folder fsync that fails (the rename may not survive a power cut), with the new content in place', () => {
    if (process.platform === 'win32') return;
    const { fs: fsys } = recording({ call: 'fsyncSync', nth: 2 });
    expect(() => writeFileDurable(join(dir, 'a.json'), 'new', {}, fsys)).toThrow(/injected/);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new');
  });

  it('fails, without touching anything, when the folder does not exist', () => {
    expect(() => writeFileDurable(join(dir, 'missing', 'a.json'), 'x')).toThrow(/ENOENT/);
  });
});

describe('fsyncTree', () => {
  it('fsyncs every file and folder below a folder, then the folder', () => {
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'manifest.json'), '{}');
    writeFileSync(join(dir, 'fonts', 'a.ttf'), 'x');
    const { fs: fsys, calls } = recording();
    fsyncTree(dir, fsys);
    const synced = calls.filter((c) => c.startsWith('fsyncSync')).sort();
    expect(synced).toEqual(
      process.platform === 'win32'
        ? ['fsyncSync fonts/a.ttf', 'fsyncSync manifest.json']
        : ['fsyncSync <dir>', 'fsyncSync fonts', 'fsyncSync fonts/a.ttf', 'fsyncSync manifest.json'],
    );
    expect(calls.filter((c) => c.startsWith('openSync')).length).toBe(
      calls.filter((c) => c.startsWith('closeSync')).length,
    );
  });
});
