import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../templates/engine/data-schema.js';

describe('validateAgainst', () => {
  const schema = {
    'student.name': 'string',
    'student.enrollmentDate': 'date',
    'totals.gpa': 'number',
    courses: { list: { nameZh: 'string', score: 'text' }, min: 1, max: 3 },
  } as const;
  it('accepts valid data', () => {
    expect(
      validateAgainst(schema as never, {
        student: { name: '李', enrollmentDate: '2022-09-01' },
        totals: { gpa: 3.2 },
        courses: [{ nameZh: '数学', score: 90 }],
      }),
    ).toEqual([]);
  });
  it('reports every invalid field by path', () => {
    const problems = validateAgainst(schema as never, {
      student: { name: 5, enrollmentDate: 'soon' },
      totals: {},
      courses: [{ nameZh: '', score: {} }],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'student.name',
      'student.enrollmentDate',
      'totals.gpa',
      'courses.0.nameZh',
      'courses.0.score',
    ]);
  });
  it('limits list sizes and text lengths', () => {
    const problems = validateAgainst(schema as never, {
      student: { name: 'x'.repeat(501), enrollmentDate: '2022-09-01' },
      totals: { gpa: 1 },
      courses: [],
    });
    expect(problems).toEqual([
      { path: 'student.name', message: 'is longer than 500 characters' },
      { path: 'courses', message: 'needs at least 1 entries' },
    ]);
  });
  it('accepts a missing or empty optional field, and still checks its type and length', () => {
    const optional = { 'teacher.title.zh': 'optional', rows: { list: { paidDate: 'optional' } } } as const;
    expect(
      validateAgainst(optional as never, { teacher: {}, rows: [{ paidDate: '' }, { paidDate: '2024-09-01' }] }),
    ).toEqual([]);
    expect(validateAgainst(optional as never, { teacher: { title: { zh: null } }, rows: [{}] })).toEqual([]);
    expect(
      validateAgainst(optional as never, {
        teacher: { title: { zh: ['教授'] } },
        rows: [{ paidDate: 'x'.repeat(501) }],
      }),
    ).toEqual([
      { path: 'teacher.title.zh', message: 'must be text or a number' },
      { path: 'rows.0.paidDate', message: 'is longer than 500 characters' },
    ]);
  });
});
