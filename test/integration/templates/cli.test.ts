import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR } from '../../../templates/engine/index.js';
import { tmp } from './pdf-tools.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'estation');

async function estation(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('estation template / render', { timeout: 120_000 }, () => {
  it('lists the 24 built-in templates (12 kinds in two languages) with versions', async () => {
    const r = await estation('template', 'list', '--json');
    expect(r.code).toBe(0);
    const { templates } = JSON.parse(r.out) as {
      templates: { id: string; version: string; kind: string; language: string }[];
    };
    // every bundle folder, as <kind>-<language>
    const folders = readdirSync(BUILTIN_DIR).map((id) => id.replace(/-(zh|en)$/, '/$1'));
    expect(folders).toHaveLength(24);
    expect(templates.map((t) => `${t.kind}/${t.language}`).sort()).toEqual(folders.sort());
    for (const t of templates) expect(t.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('renders a sample to PDF and one PNG per page', async () => {
    const dir = tmp();
    const r = await estation(
      'render',
      '--template',
      'transcript-zh',
      '--sample',
      '--out',
      join(dir, 'doc.pdf'),
      '--png',
      join(dir, 'png'),
    );
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'doc.pdf'))).toBe(true);
    expect(readdirSync(join(dir, 'png')).filter((f) => f.endsWith('.png'))).toHaveLength(2);
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect((await estation('render', '--template', 'nope', '--sample', '--out', '/tmp/x.pdf')).code).toBe(2);
    expect((await estation('render', '--template', 'enrollment-zh', '--out', '/tmp/x.pdf')).code).toBe(2);
    expect((await estation('template', 'frobnicate')).code).toBe(2);
  });
});
