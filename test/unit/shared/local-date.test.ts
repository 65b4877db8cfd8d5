import { describe, expect, it } from 'vitest';
import { addDays, isTimeZone, localDate, localDateTime } from '../../../shared/local-date.js';

describe('localDate', () => {
  it('dates 07:30 on 3 December in Beijing (23:30 UTC on 2 December) as 3 December', () => {
    expect(localDate('2026-12-02T23:30:00Z', 'Asia/Shanghai')).toBe('2026-12-03');
    expect(localDate('2026-12-02T23:30:00Z', 'UTC')).toBe('2026-12-02');
    expect(localDateTime(new Date('2026-12-02T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-03 07:30:00');
  });

  it('writes midnight as 00, and refuses what is not a time or not a timezone', () => {
    expect(localDateTime('2026-12-02T16:00:00Z', 'Asia/Shanghai')).toBe('2026-12-03 00:00:00');
    expect(() => localDate('yesterday', 'UTC')).toThrow(/not a point in time/);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('addDays', () => {
  it('steps calendar dates across months, leap days and years, both ways', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', -7)).toBe('2026-02-22');
    expect(addDays('2026-10-12', 0)).toBe('2026-10-12');
  });
});
