/** The last working day and "printed nothing while online" (central/domain/working-day.ts). */
import { describe, expect, it } from 'vitest';
import { idleWhileOnline, lastWorkingDay, zonedHour } from '../../../../central/domain/working-day.js';
import { parseWorkingCalendar } from '../../../../central/domain/holidays.js';
import { CalendarInvalid, parseCalendar } from '../../../../central/domain/terms.js';

/** National Day 2026: Thursday 1 to Wednesday 7 October off, Saturday the 10th worked instead (调休). */
const NATIONAL_DAY = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
};
/** Noon in Beijing on `date`. */
const noon = (date: string) => new Date(`${date}T04:00:00Z`);

describe('the last working day', () => {
  it("is yesterday on a Tuesday, and Friday on a Monday or a weekend, in the institution's timezone", () => {
    // 2026-12-08 is a Tuesday; 01:00 in Beijing is still Monday in UTC.
    expect(lastWorkingDay(new Date('2026-12-07T17:00:00Z'), 'Asia/Shanghai')?.date).toBe('2026-12-07');
    expect(lastWorkingDay(new Date('2026-12-07T17:00:00Z'), 'UTC')?.date).toBe('2026-12-04');
    expect(lastWorkingDay(new Date('2026-12-06T04:00:00Z'), 'Asia/Shanghai')?.date).toBe('2026-12-04');
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

describe('holidays and make-up working days (调休)', () => {
  it('skips the holidays back to the last day worked, and counts a make-up Saturday', () => {
    expect(lastWorkingDay(noon('2026-10-08'), 'Asia/Shanghai', NATIONAL_DAY)?.date).toBe('2026-09-30');
    expect(lastWorkingDay(noon('2026-10-02'), 'Asia/Shanghai', NATIONAL_DAY)?.date).toBe('2026-09-30');
    expect(lastWorkingDay(noon('2026-10-11'), 'Asia/Shanghai', NATIONAL_DAY)?.date).toBe('2026-10-10');
    expect(lastWorkingDay(noon('2026-10-12'), 'Asia/Shanghai', NATIONAL_DAY)?.date).toBe('2026-10-10');
    // Without the calendar: the holiday Wednesday, and Friday before the make-up Saturday.
    expect(lastWorkingDay(noon('2026-10-08'), 'Asia/Shanghai')?.date).toBe('2026-10-07');
    expect(lastWorkingDay(noon('2026-10-12'), 'Asia/Shanghai')?.date).toBe('2026-10-09');
  });

  it('finds no working day in a month off (no idle alert then)', () => {
    const winter = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2027, 0, 10 + i)).toISOString().slice(0, 10));
    expect(lastWorkingDay(noon('2027-02-18'), 'Asia/Shanghai', { holidays: winter, workdays: [] })).toBeNull();
  });

  it('refuses a make-up day on a weekday, a day in both lists, a date listed twice and one that is not a date', () => {
    const { problems } = parseWorkingCalendar({
      holidays: ['2026-10-01', '2026-10-01', '2026-10-11', '2026-13-01'],
      workdays: ['2026-10-09', '2026-10-11'],
    });
    expect(problems).toEqual([
      'holidays: 2026-10-01 is listed twice',
      'holidays 4: "2026-13-01" is not a date (YYYY-MM-DD)',
      'workdays: 2026-10-09 is a Friday, a working day already; list only the Saturdays and Sundays worked (调休)',
      '2026-10-11 is both a holiday and a make-up working day: keep it in one list',
    ]);
    expect(parseWorkingCalendar({ holidays: '2026-10-01' }).problems).toEqual([
      'holidays: write a list of dates, ["2026-10-01", "2026-10-02"]',
    ]);
  });

  it('are part of the academic calendar, checked with its terms', () => {
    const terms = [
      { code: '2026-2027-1', name: { zh: '秋季学期', en: 'Autumn' }, start: '2026-09-01', end: '2027-01-20' },
    ];
    expect(parseCalendar({ gap: 'previous', terms, ...NATIONAL_DAY })).toMatchObject(NATIONAL_DAY);
    expect(parseCalendar({ gap: 'previous', terms })).not.toHaveProperty('holidays');
    expect(() => parseCalendar({ gap: 'previous', terms, workdays: ['2026-10-09'] })).toThrow(CalendarInvalid);
    expect(() => parseCalendar({ gap: 'previous', terms, vacations: [] })).toThrow(
      /"vacations" is not a calendar setting/,
    );
  });
});
