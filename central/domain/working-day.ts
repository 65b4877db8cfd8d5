/**
 * "A station that has printed nothing for a working day while online" (issue #18): the last working day
 * before today in the institution's timezone (Monday to Friday, less the holidays and plus the make-up
 * working days of the academic calendar: holidays.ts), its working hours (08:00 to 18:00), and whether a
 * station was online enough of them to have been usable. Pure: the store counts slots and documents.
 */
import { localDate, localDateTime } from '../../shared/local-date.js';
import { isWorkingDay, type WorkingCalendar } from './holidays.js';

export const WORKING_HOURS = { from: 8, to: 18 } as const;
/** Heartbeat slots are 5 minutes (central/store/heartbeat-history.ts). */
const SLOTS_PER_HOUR = 12;
/** Online in at least this share of the working hours' slots: usable that day. */
export const ONLINE_SHARE = 0.8;

/** The UTC instant of `date` (YYYY-MM-DD) at `hour`:00 in `timeZone`. */
export function zonedHour(date: string, hour: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d, hour);
  // Twice: the offset at the guess, then at the corrected instant (a day that changes its offset).
  for (let i = 0; i < 2; i++) {
    const shown = localDateTime(new Date(guess), timeZone);
    const asUtc = Date.parse(`${shown.replace(' ', 'T')}Z`);
    guess += Date.UTC(y, m - 1, d, hour) - asUtc;
  }
  return new Date(guess);
}

export interface WorkingDay {
  date: string;
  /** Working hours of that day, as ISO instants (UTC). */
  from: string;
  to: string;
  /** Slots online needed to count as online that day. */
  slotsNeeded: number;
}

/** Further back than this, a "last working day" says nothing about a station now. */
const LOOK_BACK_DAYS = 31;
const NO_DAYS_OFF: WorkingCalendar = { holidays: [], workdays: [] };

/**
 * The last working day before `now`'s date in `timeZone`, with its working hours; null when none is within
 * LOOK_BACK_DAYS (a long vacation: no `idle` alert).
 */
export function lastWorkingDay(now: Date, timeZone: string, days: WorkingCalendar = NO_DAYS_OFF): WorkingDay | null {
  const today = new Date(`${localDate(now, timeZone)}T12:00:00Z`).getTime();
  let date: string | undefined;
  for (let back = 1; back <= LOOK_BACK_DAYS && date === undefined; back++) {
    const candidate = new Date(today - back * 24 * 3600_000).toISOString().slice(0, 10);
    if (isWorkingDay(candidate, days)) date = candidate;
  }
  if (date === undefined) return null;
  return {
    date,
    from: zonedHour(date, WORKING_HOURS.from, timeZone).toISOString(),
    to: zonedHour(date, WORKING_HOURS.to, timeZone).toISOString(),
    slotsNeeded: Math.ceil((WORKING_HOURS.to - WORKING_HOURS.from) * SLOTS_PER_HOUR * ONLINE_SHARE),
  };
}

/** What the store counted for one station in the last working day's hours. */
export interface WorkingDayCount {
  date: string;
  onlineSlots: number;
  printed: number;
  slotsNeeded: number;
}

/** Whether the station was online (in service) that day and yet printed nothing. */
export const idleWhileOnline = (c: WorkingDayCount | undefined): boolean =>
  c !== undefined && c.onlineSlots >= c.slotsNeeded && c.printed === 0;
