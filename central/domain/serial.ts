/**
 * A document's serial: `<prefix>-<year>-<number>`, numbered from 1 each calendar year of the
 * institution. The store keeps one counter per year (`serialCounter`) and hands the next value here.
 */
import { localDate } from '../../shared/local-date.js';

/** Digits of the number part: serials sort as text within a year up to a million documents. */
const DIGITS = 6;

/** The year a serial issued at `now` carries, as the institution's calendar has it (00:30 on 1 January in Beijing is already next year). */
export function serialYear(now: Date, timeZone: string): string {
  return localDate(now, timeZone).slice(0, 4);
}

/** The name of the counter that numbers `year`'s serials. */
export const serialCounter = (year: string): string => `serial-${year}`;

/** The serial numbered `value` in `year` under the institution's `prefix`. */
export function formatSerial(prefix: string, year: string, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(DIGITS, '0')}`;
}
