import { describe, expect, it } from 'vitest';
import { PersonRecord, gradeWord } from '../../../shared/person-record.js';

const line =
  '{"id":"2023010001","cards":["3012345678"],"role":"student","name":{"zh":"欧阳䶮","en":"OUYANG Yan"},"gender":"male","status":"enrolled","college":{"zh":"数学学院","en":"School of Mathematics"},"major":{"zh":"统计学","en":"Statistics"},"level":"undergraduate","programYears":4,"entryDate":"2023-09-01","expectedGraduation":"2027-06-30","courses":[{"term":"2023-2024-1","code":"MATH1001","name":{"zh":"数学分析(一)","en":"Mathematical Analysis I"},"credits":5,"score":"92","type":"required"}]}';

describe('PersonRecord', () => {
  it('reads the line docs/data.md gives, with the score as a number and defaults applied', () => {
    const r = PersonRecord.parse(JSON.parse(line));
    expect(r.role).toBe('student');
    if (r.role !== 'student') throw new Error('unreachable');
    expect(r.courses[0]).toMatchObject({ score: 92, retake: false, makeUp: false, type: 'required' });
  });

  it('takes grade words and their short forms, and refuses anything else with the words it knows', () => {
    expect(gradeWord('优')).toBe('优秀');
    expect(gradeWord('p')).toBe('合格');
    const bad = { ...JSON.parse(line), courses: [{ ...JSON.parse(line).courses[0], score: '很好' }] };
    const r = PersonRecord.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('grade word');
  });

  it('refuses a day that does not exist, a status of the other role, and a term out of order', () => {
    const base = JSON.parse(line);
    expect(PersonRecord.safeParse({ ...base, entryDate: '2023-02-30' }).success).toBe(false);
    expect(PersonRecord.safeParse({ ...base, status: 'retired' }).success).toBe(false);
    const term = { ...base, courses: [{ ...base.courses[0], term: '2023-2025-1' }] };
    expect(PersonRecord.safeParse(term).success).toBe(false);
  });
});
