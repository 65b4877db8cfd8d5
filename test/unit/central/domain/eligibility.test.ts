/** Who may print which kind, by status (central/domain/eligibility.ts). */
import { describe, expect, it } from 'vitest';
import { ineligibleNote, statusAllows, statusOf } from '../../../../central/domain/eligibility.js';

describe('statusOf', () => {
  it('reads a stored status', () => {
    expect(statusOf({ role: 'student', status: 'suspended' })).toBe('suspended');
  });
  it('counts a record without one as enrolled (students) or active (teachers); staff have none', () => {
    expect(statusOf({ role: 'student' })).toBe('enrolled');
    expect(statusOf({ role: 'teacher' })).toBe('active');
    expect(statusOf({ role: 'staff' })).toBeNull();
  });
  it('does not take a status that is not one', () => {
    expect(statusOf({ role: 'student', status: 'expelled-ish' })).toBe('enrolled');
  });
});

describe('statusAllows', () => {
  it('a kind listing no statuses allows every one, even none', () => {
    expect(statusAllows(null, 'withdrawn')).toBe(true);
    expect(statusAllows(null, null)).toBe(true);
  });
  it('a kind listing statuses allows only those', () => {
    expect(statusAllows(['enrolled'], 'enrolled')).toBe(true);
    expect(statusAllows(['enrolled'], 'suspended')).toBe(false);
    expect(statusAllows(['enrolled'], null)).toBe(false);
  });
});

it('says why, in the words of the status and the kind, for students and teachers', () => {
  const title = { zh: '在读证明', en: 'enrollment certificate' };
  expect(ineligibleNote('student', 'suspended', title)).toEqual({
    zh: '学籍状态为休学，不能打印在读证明',
    en: 'Your student status is suspended: the enrollment certificate cannot be printed.',
  });
  expect(ineligibleNote('teacher', 'active', title).zh).toMatch(/^任职状态为/);
});
