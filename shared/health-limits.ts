/**
 * How much a terminal may say about its health in a heartbeat (issue #12, finding 11). Everything a
 * heartbeat carries ends up in the staff dashboard and its alerts, so each text has a length and the
 * whole health a size: a terminal (or a stolen terminal token) cannot fill the dashboard with 120 KB
 * of text. The station clips what its devices say to these limits before it sends (a printer's
 * message can be long); central refuses a heartbeat beyond them.
 */
import { z } from 'zod';
import type { LocalizedText } from './domain.js';

/** Characters of one text in each language (a printer condition, a reason out of service). */
export const HEALTH_TEXT_MAX = 300;
/**
 * Bytes of a heartbeat's health as JSON. A station with every device and template reporting sends a
 * few KB; the per-field limits alone would allow about 70 KB.
 */
export const HEALTH_JSON_MAX = 32 * 1024;

export const HealthText = z
  .object({ zh: z.string().max(HEALTH_TEXT_MAX), en: z.string().max(HEALTH_TEXT_MAX) })
  .strict();

/** A text clipped to what a heartbeat may carry ("…" says it was longer). */
export function clipText(text: string, max = HEALTH_TEXT_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function clipLocalized(text: LocalizedText, max = HEALTH_TEXT_MAX): LocalizedText {
  return { zh: clipText(text.zh, max), en: clipText(text.en, max) };
}

/** Refines a health object: its JSON must fit HEALTH_JSON_MAX. */
export function healthSizeRefinement(health: unknown, ctx: z.RefinementCtx): void {
  const bytes = new TextEncoder().encode(JSON.stringify(health)).length;
  if (bytes > HEALTH_JSON_MAX)
    ctx.addIssue({
      code: 'custom',
      message: `health is ${bytes} bytes; a heartbeat carries at most ${HEALTH_JSON_MAX} bytes of health (fewer or shorter messages)`,
    });
}

interface TrimmableHealth {
  printer: { conditions: unknown[] };
  templates: unknown[];
  templateFallbacks?: unknown[];
}

const sizeOf = (health: unknown) => new TextEncoder().encode(JSON.stringify(health)).length;

/**
 * The station's health made to fit HEALTH_JSON_MAX (a heartbeat central refuses would leave the
 * dashboard with nothing): the least telling entries go first (the oldest template fallbacks, then
 * the last printer conditions, then the template list), never the devices' states.
 */
export function fitHealth<H extends TrimmableHealth>(health: H): H {
  if (sizeOf(health) <= HEALTH_JSON_MAX) return health;
  const h = {
    ...health,
    printer: { ...health.printer, conditions: [...health.printer.conditions] },
    templates: [...health.templates],
    ...(health.templateFallbacks ? { templateFallbacks: [...health.templateFallbacks] } : {}),
  };
  while (sizeOf(h) > HEALTH_JSON_MAX) {
    if (h.templateFallbacks?.length) h.templateFallbacks.shift();
    else if (h.printer.conditions.length) h.printer.conditions.pop();
    else if (h.templates.length) h.templates.pop();
    else break;
  }
  return h;
}
