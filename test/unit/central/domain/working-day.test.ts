/** The last working day and "printed nothing while online" (central/domain/working-day.ts). */
import { describe, expect, it } from 'vitest';
import { idleWhileOnline, lastWorkingDay, zonedHour } from '../../../../central/domain/working-day.js';

describe('the last working day', () => {
  it("is yesterday on a Tuesday, and Friday on a Monday or a weekend, in the institution's timezone", () => {
    // 2026-12-08 is a Tuesday; 01:00 in Beijing is still Monday in UTC.
    expect(lastWorkingDay(new Date('2026-12-07T17:00:00Z'), 'Asia/Shanghai').date).toBe('2026-12-07');
    expect(lastWorkingDay(new Date('2026-12-07T17:00:00Z'), 'UTC').date).toBe('2026-12-04');
    expect(lastWorkingDay(new Date('2026-12-06T04:00:00Z'), 'Asia/Shanghai').date).toBe('2026-12-04');
  });

  it('runs from 08:00 to 18:00 local time', () => {
    const day = lastWorkingDay(new Date('2026-12-08T04:00:00Z'), 'Asia/Shanghai');
    expect(day).toEqual({
      date: '2026-12-07',
      from: '2026-12-07T00:00:00.000Z',
      to: '2026-12-07T10:00:00.000Z',
      slotsNeeded: 96,
    });
    expect(zonedHour('2026-07-01', 8, 'Europe/Berlin').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(zonedHour('2026-01-05', 8, 'Europe/Berlin').toISOString()).toBe('2026-01-05T07:00:00.000Z');
  });

  it('counts a station idle only when it was online most of the day and printed nothing', () => {
    const c = { date: '2026-12-07', slotsNeeded: 96, onlineSlots: 110, printed: 0 };
    expect(idleWhileOnline(c)).toBe(true);
    expect(idleWhileOnline({ ...c, printed: 1 })).toBe(false);
    expect(idleWhileOnline({ ...c, onlineSlots: 95 })).toBe(false);
    expect(idleWhileOnline(undefined)).toBe(false);
  });
});
