import { describe, expect, it } from 'vitest';
import { formatDate, formatTerm, interpolate, sanitizeText } from '../../../templates/engine/bindings.js';

describe('bindings', () => {
  const data = { student: { name: '李明轩', credits: 3 }, d: '2024-09-01' };
  it('replaces paths and applies formats in both languages', () => {
    expect(interpolate('{{student.name}} {{d|date}}', data, 'zh')).toBe('李明轩 2024年9月1日');
    expect(interpolate('{{d|date}} {{student.credits|fixed1}}', data, 'en')).toBe('September 1, 2024 3.0');
    expect(formatTerm('2023-2024-2', 'zh')).toBe('2023-2024学年 第2学期');
    expect(formatTerm('2023-2024-2', 'en')).toContain('Semester 2');
    expect(formatDate('not a date', 'zh')).toBe('not a date');
  });
  it('reads a scope before the data (table rows, page numbers)', () => {
    expect(interpolate('{{page}}/{{pages}} {{student.name}}', data, 'zh', { page: 2, pages: 3 })).toBe('2/3 李明轩');
  });
  it('removes control and invisible formatting characters but keeps markup as text', () => {
    expect(sanitizeText('a\u0000b\u0007c\u202Ed\u200Be')).toBe('abcde');
    expect(interpolate('{{x}}', { x: '<b>bold</b>\u0001' }, 'en')).toBe('<b>bold</b>');
  });
  it('never reads inherited properties', () => {
    expect(interpolate('{{student.constructor}}', data, 'en')).toBe('');
  });
});
