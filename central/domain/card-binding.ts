/**
 * Which persons a terminal may ask about: a card lookup binds the person to the terminal that looked the
 * card up, for a while (the rule and its reasons: docs/central.md, "Whose data a terminal may read").
 * central/store/card-lookups.ts keeps the lookups; the windows and what counts as within them are here.
 */

/** Document data for a person whose card this terminal looked up within this time (a session is minutes). */
export const DATA_AFTER_LOOKUP_MS = 30 * 60_000;
/** A job for a person whose card this terminal looked up within this time (jobs queued through an outage). */
export const AUTHORIZE_AFTER_LOOKUP_MS = 24 * 3600_000;

/** A window as refusals name it: "24 h", "30 min". */
export function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

/** Whether a lookup at `lookedUpAtMs` (undefined: none) still binds at `nowMs` for a window of `withinMs`. */
export function lookedUpWithin(lookedUpAtMs: number | undefined, nowMs: number, withinMs: number): boolean {
  return lookedUpAtMs !== undefined && lookedUpAtMs >= nowMs - withinMs;
}
