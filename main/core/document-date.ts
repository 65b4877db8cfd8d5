/**
 * When a kiosk says a document was issued: the moment it was requested, written in the institution's
 * timezone, which central sends with every document's data (`university.timezone`, from the
 * institution profile). Never UTC: at 07:30 on 3 December in Beijing it is still 2 December in UTC.
 */
import { DEFAULT_TIMEZONE, isTimeZone, localDateTime } from '../../shared/local-date.js';

/** The institution's timezone from a document's data; an older central that sends none is in China. */
export function institutionTimezone(data: Record<string, unknown>): string {
  const tz = (data.university as { timezone?: unknown } | undefined)?.timezone;
  return typeof tz === 'string' && isTimeZone(tz) ? tz : DEFAULT_TIMEZONE;
}

/**
 * `instant` as an ISO 8601 time with the institution's UTC offset (`2026-12-03T07:30:00.000+08:00`):
 * its first ten characters are the local date that templates print (`|date`), and it still names the
 * exact moment, which the signed verification code carries.
 */
export function documentTime(instant: Date | string, data: Record<string, unknown>): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const local = localDateTime(at, institutionTimezone(data));
  const ms = at.getUTCMilliseconds();
  const wall = Date.parse(`${local.replace(' ', 'T')}Z`) + ms;
  const offset = Math.round((wall - at.getTime()) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.replace(' ', 'T')}.${String(ms).padStart(3, '0')}${offset < 0 ? '-' : '+'}${hhmm}`;
}
