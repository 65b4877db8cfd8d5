/**
 * The audit's filters as people give them, on the dashboard (query string) and in `estation central audit`
 * (options): dates as YYYY-MM-DD in the institution's timezone, both days included; an action from the
 * list (central/domain/audit-actions.ts) or a group of them (`template.`); a station, a site, an actor, and
 * free text. Checked here once for both.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS, isAuditAction } from '../domain/audit-actions.js';
import { SITE_PATTERN } from '../domain/staff-scope.js';
import { zonedHour } from '../domain/working-day.js';
import type { AuditFilter } from '../store/audit.js';
import { addDays } from '../../shared/local-date.js';

/** The groups of actions a filter may name (`template.`, `station.action.`...), derived from the list. */
export const AUDIT_ACTION_GROUPS = [
  ...new Set([...AUDIT_ACTIONS.map((a) => `${a.slice(0, a.indexOf('.'))}.`), 'station.action.']),
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

const AuditQuery = z.object({
  from: z.string().refine(validDate, 'a date as YYYY-MM-DD, for example 2026-03-01').optional(),
  to: z.string().refine(validDate, 'a date as YYYY-MM-DD, for example 2026-03-31').optional(),
  actor: z.string().trim().min(1).max(128).optional(),
  action: z
    .string()
    .refine(
      (a) => isAuditAction(a) || AUDIT_ACTION_GROUPS.includes(a),
      `an action such as staff.sign_in or a group such as template. (the list: ${AUDIT_ACTIONS.join(', ')})`,
    )
    .optional(),
  station: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a station id (letters, digits, - and _)')
    .optional(),
  site: z.string().regex(SITE_PATTERN, 'a site such as qianfoshan/library').optional(),
  text: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

export type AuditQueryInput = Partial<Record<keyof z.infer<typeof AuditQuery>, string>>;

/** The day after `date` (YYYY-MM-DD). */

export type ParsedAuditQuery =
  | { ok: true; filter: Omit<AuditFilter, 'scopeSites'>; page: number; given: AuditQueryInput }
  | { ok: false; message: string; given: AuditQueryInput };

/** Reads the filters; empty values are no filter. The filter has no scope yet: the caller's role adds it. */
export function parseAuditQuery(input: Record<string, unknown>, timeZone: string): ParsedAuditQuery {
  const given: AuditQueryInput = {};
  for (const key of Object.keys(AuditQuery.shape) as (keyof AuditQueryInput)[]) {
    const v = input[key];
    if (typeof v === 'string' && v.trim() !== '') given[key] = v.trim();
  }
  const parsed = AuditQuery.safeParse(given);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, message: `The filter "${String(i.path[0])}" needs ${i.message}.`, given };
  }
  const q = parsed.data;
  if (q.from && q.to && q.from > q.to)
    return { ok: false, message: `The range starts (${q.from}) after it ends (${q.to}): swap the dates.`, given };
  return {
    ok: true,
    given,
    page: q.page ?? 1,
    filter: {
      ...(q.from ? { from: zonedHour(q.from, 0, timeZone).toISOString() } : {}),
      ...(q.to ? { to: zonedHour(addDays(q.to, 1), 0, timeZone).toISOString() } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.station ? { terminalId: q.station } : {}),
      ...(q.site ? { site: q.site } : {}),
      ...(q.text ? { text: q.text } : {}),
    },
  };
}
