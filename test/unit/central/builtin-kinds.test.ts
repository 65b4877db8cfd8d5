/**
 * The built-in kinds folder (central/kinds/builtin): every file a valid kind named after its id, listed
 * in catalog-order.txt's order; a broken shipped file stops central at start, naming the file.
 */
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS_DIR, builtinKinds } from '../../../central/kinds/builtin.js';

/** A copy of the shipped folder, changed by `change`. */
function folder(change: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'estation-builtin-kinds-'));
  for (const f of readdirSync(BUILTIN_KINDS_DIR)) copyFileSync(join(BUILTIN_KINDS_DIR, f), join(dir, f));
  change(dir);
  return dir;
}

describe('the built-in kinds folder', () => {
  it('holds one file per kind, named after its id, in the order catalog-order.txt gives', () => {
    const files = readdirSync(BUILTIN_KINDS_DIR).filter((f) => f.endsWith('.json'));
    expect(
      builtinKinds()
        .map((k) => `${k.id}.json`)
        .sort(),
    ).toEqual(files.sort());
    expect(builtinKinds().map((k) => k.id)).toEqual([
      'enrollment',
      'transcript',
      'student-status',
      'graduation-certificate',
      'degree-certificate',
      'gpa-ranking',
      'cet-report',
      'tuition-payment',
      'expected-graduation',
      'employment-certificate',
      'income-certificate',
      'title-certificate',
    ]);
  });

  it('puts a new file not in the order after the listed ones', () => {
    const dir = folder((d) =>
      writeFileSync(
        join(d, 'a-new-kind.json'),
        JSON.stringify({ ...builtinKinds()[0], id: 'a-new-kind', codePrefix: 'AN', purposes: [] }),
      ),
    );
    expect(builtinKinds(dir).at(-1)!.id).toBe('a-new-kind');
  });

  it('refuses a broken file, a file not named after its id, a shared prefix and an order naming no file', () => {
    const broken = folder((d) => writeFileSync(join(d, 'transcript.json'), JSON.stringify({ id: 'transcript' })));
    expect(() => builtinKinds(broken)).toThrow(/Built-in kind transcript\.json is invalid: title: is missing/);
    const misnamed = folder((d) =>
      writeFileSync(join(d, 'other.json'), JSON.stringify({ ...builtinKinds()[0], id: 'renamed', codePrefix: 'RN' })),
    );
    expect(() => builtinKinds(misnamed)).toThrow(/other\.json has the id "renamed"/);
    const shared = folder((d) =>
      writeFileSync(join(d, 'zz-kind.json'), JSON.stringify({ ...builtinKinds()[0], id: 'zz-kind', codePrefix: 'E' })),
    );
    expect(() => builtinKinds(shared)).toThrow(/zz-kind\.json is invalid: codePrefix: "E" is the code prefix of/);
    const orphan = folder((d) => writeFileSync(join(d, 'catalog-order.txt'), 'enrollment\nno-such-kind\n'));
    expect(() => builtinKinds(orphan)).toThrow(/"no-such-kind" is in catalog-order\.txt but has no file/);
  });
});
