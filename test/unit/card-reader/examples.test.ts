/** The reader examples in kiosk-config/examples/ load as kiosk configurations and normalize as documented. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../kiosk-config/load.js';
import { compileNormalizer } from '../../../drivers/card-reader/normalize.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../kiosk-config/examples');

/** For each example: what the reader sends (after its protocol decoder) and the campus card number. */
const CASES: Record<string, [raw: string, card: string | null][]> = {
  'reader-hid-wedge.json': [
    ['0012345678', '12345678'],
    ['0000', '0'],
  ],
  'reader-rdm6300.json': [
    ['0100BC614E', '0012345678'],
    ['01BC614E', null],
  ],
  'reader-ccid-reversed-uid.json': [
    ['4E61BC00', '0012345678'],
    ['04A1B2C3', '3283263748'],
  ],
  'reader-serial-line-prefix.json': [
    [';2023000123=1?', '2023000123'],
    ['99001234', 'T001234'],
    ['0012345', '12345'],
    ['ABC', null],
  ],
  'reader-binary-frame.json': [['00BC614E', '0012345678']],
};

describe('reader configuration examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.startsWith('reader-') && f.endsWith('.json'));

  it('has a normalization case for every reader example', () => {
    expect(files.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s loads and normalizes as documented', (file, cases) => {
    const { config } = loadConfig(join(EXAMPLES, file));
    const normalize = compileNormalizer(config.readers[0]!.normalize);
    for (const [raw, card] of cases) {
      const r = normalize(raw);
      expect(r.ok ? r.card : null, raw).toBe(card);
    }
  });
});
