/**
 * The demo university's academic calendar (docs/central.md, "Terms and quotas"): it covers every date
 * the demo may run on, so its free quotas behave as a real university's do.
 */
import type { Calendar, Term } from '../domain/terms.js';

/** The demo university's calendar: two terms a year (autumn, spring) from 2020 to 2040, the last term counting in the gaps. */
export function demoCalendar(): Calendar {
  const terms: Term[] = [];
  for (let y = 2020; y < 2040; y++) {
    terms.push({
      code: `${y}-${y + 1}-1`,
      name: { zh: `${y}-${y + 1}学年第一学期`, en: `Autumn term ${y}-${y + 1}` },
      start: `${y}-09-01`,
      end: `${y + 1}-01-20`,
    });
    terms.push({
      code: `${y}-${y + 1}-2`,
      name: { zh: `${y}-${y + 1}学年第二学期`, en: `Spring term ${y}-${y + 1}` },
      start: `${y + 1}-02-20`,
      end: `${y + 1}-07-10`,
    });
  }
  return { gap: 'previous', terms };
}
