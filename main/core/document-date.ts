/**
 * The date a kiosk prints on a document: the day it was requested, in the institution's timezone,
 * which central sends with every document's data (`university.timezone`, from the institution
 * profile). Never UTC: at 07:30 on 3 December in Beijing it is still 2 December in UTC.
 */
import { DEFAULT_TIMEZONE, isTimeZone, localDate } from '../../shared/local-date.js';

/** The institution's timezone from a document's data; an older central that sends none is in China. */
export function institutionTimezone(data: Record<string, unknown>): string {
  const tz = (data.university as { timezone?: unknown } | undefined)?.timezone;
  return typeof tz === 'string' && isTimeZone(tz) ? tz : DEFAULT_TIMEZONE;
}

/** `YYYY-MM-DD` of `instant` where the institution is. */
export function documentDate(instant: Date | string, data: Record<string, unknown>): string {
  return localDate(instant, institutionTimezone(data));
}
