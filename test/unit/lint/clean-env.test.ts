/** The test setup clears every ESTATION_* variable the product reads; a new one must join the list. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCT_VARIABLES } from '../../helpers/clean-env.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const PRODUCT = [
  'bin',
  'campus-card',
  'central',
  'drivers',
  'kiosk-config',
  'lib',
  'main',
  'renderer/src',
  'shared',
  'templates/engine',
];

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|mjs|js|vue)$/.test(e.name) || dir.endsWith('bin')) yield p;
  }
}

describe('test environment', () => {
  it('clears every ESTATION_* variable that product code reads', () => {
    const read = new Set<string>();
    for (const dir of PRODUCT)
      for (const file of sources(join(ROOT, dir)))
        for (const [name] of readFileSync(file, 'utf8').matchAll(/ESTATION_[A-Z_]+/g)) read.add(name);
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((v) => !PRODUCT_VARIABLES.includes(v)).sort()).toEqual([]);
  });

  it('has cleared them in this worker', () => {
    for (const name of PRODUCT_VARIABLES) expect(process.env[name], name).toBeUndefined();
  });
});
