import { describe, expect, it } from 'vitest';
import { breakUnits, wrapText } from '../../../templates/engine/wrap.js';

const measure = (s: string) => [...s].length * 10;

describe('wrapText', () => {
  it('breaks Chinese between characters and never starts a line with closing punctuation', () => {
    const lines = wrapText('兹证明李明轩同学，现为我校学生。', 80, measure);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.startsWith('，') || l.startsWith('。'))).toBe(false);
    expect(lines.join('')).toBe('兹证明李明轩同学，现为我校学生。');
  });
  it('breaks Latin at spaces and splits a word longer than the line', () => {
    expect(wrapText('aa bb cc', 50, measure)).toEqual(['aa bb', 'cc']);
    expect(wrapText('abcdefghij', 50, measure)).toEqual(['abcde', 'fghij']);
  });
  it('keeps a Latin word whole inside mixed text', () => {
    expect(breakUnits('学习Web开发')).toEqual(['学', '习', 'Web', '开', '发']);
  });
});
