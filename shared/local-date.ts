/**
 * Dates as the institution's people read them: in its IANA timezone (docs/data.md), never UTC. A
 * document printed at 07:30 on 3 December in Beijing is dated 3 December, though it is still
 * 2 December in UTC. Runtime-neutral (Intl), so the kiosk, central and the browser agree.
 */

/** Where a university without a profile is: mainland China. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA writes YYYY-MM-DD; hourCycle h23 keeps midnight as 00.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA timezone this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(instant: Date | string, timeZone: string): Record<string, string> {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${String(instant)}" is not a point in time`);
  return Object.fromEntries(
    formatter(timeZone)
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a timezone. */
export function localDate(instant: Date | string, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The date and time (`YYYY-MM-DD HH:MM:SS`) of an instant in a timezone. */
export function localDateTime(instant: Date | string, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The calendar date `days` after `date` (YYYY-MM-DD; before it when negative): dates, not instants, so no time zone. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
