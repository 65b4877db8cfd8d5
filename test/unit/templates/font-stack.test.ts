import { describe, expect, it } from 'vitest';
import type { PDFFont } from 'pdf-lib';
import { FontStack } from '../../../templates/engine/font-stack.js';

const fake = (name: string, perChar: number) =>
  ({ name, widthOfTextAtSize: (s: string, size: number) => [...s].length * perChar * size }) as unknown as PDFFont;
const noto = fake('noto', 1);
const hana = fake('hana', 2);
const stack = new FontStack([
  { font: noto, has: new Set([...'田花子 ab'].map((c) => c.codePointAt(0)!)) },
  { font: hana, has: new Set([0x20bb7]) },
]);

describe('FontStack', () => {
  it('splits text into runs, each drawn with the first font that has its glyphs', () => {
    const runs = stack.runs('𠮷田花子');
    expect(runs.map((r) => [(r.font as unknown as { name: string }).name, r.text])).toEqual([
      ['hana', '𠮷'],
      ['noto', '田花子'],
    ]);
  });
  it('keeps spaces in the current font and measures runs with their own fonts', () => {
    expect(stack.runs('a 𠮷').map((r) => r.text)).toEqual(['a ', '𠮷']);
    expect(stack.width('a𠮷', 10)).toBe(10 + 20);
    expect(stack.width('ab', 10, 2)).toBe(20 + 2);
  });
});
