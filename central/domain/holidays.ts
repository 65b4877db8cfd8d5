/**
 * A university's days off and make-up working days (调休: a Saturday or Sunday worked instead of a day of a
 * holiday week), kept in the academic calendar (terms.ts, `estation central terms set`): the calendar is
 * the one document a university publishes each year with both its terms and its holidays (校历), and it is
 * versioned already. Only the `idle` alert reads them (working-day.ts): no alert for a holiday, one for a
 * make-up Saturday the station stood unused.
 */
import { IsoDate } from '../../shared/person-record.js';

export interface WorkingCalendar {
  /** Days off (YYYY-MM-DD in the institution's timezone); a Saturday or Sunday among them changes nothing. */
  holidays: string[];
  /** Saturdays and Sundays that are working days. */
  workdays: string[];
}

/** More than a few years of a university's holidays: a longer list is more likely a wrong file. */
const MAX_DAYS = 1000;

const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The `holidays` and `workdays` of a calendar file (each optional, a list of dates), and every problem
 * with them: not a date, listed twice, a make-up working day that is not a Saturday or Sunday (a weekday
 * is a working day already), a day in both lists.
 */
export function parseWorkingCalendar(input: { holidays?: unknown; workdays?: unknown }): {
  calendar: WorkingCalendar;
  problems: string[];
} {
  const problems: string[] = [];
  const list = (name: 'holidays' | 'workdays'): string[] => {
    const raw = input[name];
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      problems.push(`${name}: write a list of dates, ["2026-10-01", "2026-10-02"]`);
      return [];
    }
    if (raw.length > MAX_DAYS) problems.push(`${name}: ${raw.length} dates, more than ${MAX_DAYS}`);
    const seen = new Set<string>();
    raw.forEach((d, i) => {
      const date = IsoDate.safeParse(d);
      if (!date.success) problems.push(`${name} ${i + 1}: "${String(d)}" is not a date (YYYY-MM-DD)`);
      else if (seen.has(date.data)) problems.push(`${name}: ${date.data} is listed twice`);
      else if (name === 'workdays' && weekday(date.data) % 6 !== 0)
        problems.push(
          `workdays: ${date.data} is a ${WEEKDAY_NAMES[weekday(date.data)]}, a working day already; list only the Saturdays and Sundays worked (调休)`,
        );
      else seen.add(date.data);
    });
    return [...seen].sort();
  };
  const holidays = list('holidays');
  const workdays = list('workdays');
  const off = new Set(holidays);
  for (const d of workdays)
    if (off.has(d)) problems.push(`${d} is both a holiday and a make-up working day: keep it in one list`);
  return { calendar: { holidays, workdays }, problems };
}

/** Whether `date` (YYYY-MM-DD) is a working day: Monday to Friday and no holiday, or a make-up working day. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.includes(date)) return true;
  return weekday(date) % 6 !== 0 && !calendar.holidays.includes(date);
}
