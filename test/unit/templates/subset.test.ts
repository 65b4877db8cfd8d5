import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fontBytes } from '../../../templates/engine/fonts.js';
import { SubsetFace } from '../../../templates/engine/subset.js';

const scratch = mkdtempSync(join(tmpdir(), 'estation-subset-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('SubsetFace', () => {
  it('loads a font file straight into HarfBuzz with the same result as loading its bytes', async () => {
    // The Hanazono Extension B font is committed in the repository; copy it so the file path is ours.
    const bytes = fontBytes('hanamin-extb');
    const file = join(scratch, 'font.ttf');
    writeFileSync(file, bytes);
    const text = '𠮷𠀋';
    const fromFile = (await SubsetFace.loadFile(file)).subset(text);
    const fromBytes = (await SubsetFace.load(bytes)).subset(text);
    expect(fromFile.byteLength).toBeGreaterThan(100);
    expect(fromFile).toEqual(fromBytes);
  });

  it('names the file when it cannot be read', async () => {
    await expect(SubsetFace.loadFile(join(scratch, 'missing.ttf'))).rejects.toThrow(/missing\.ttf/);
  });
});
