/**
 * The academic calendar and the term free quotas count in (docs/central.md, "Terms and quotas"), as
 * rules: a calendar is a list of terms (code, names, first and last day, inclusive) and what applies in
 * a gap between terms (and, optionally, the university's holidays and make-up working days: holidays.ts);
 * `termOn` says which term a day counts in. Without any calendar, every quota
 * counts in LEGACY_TERM and never resets (the behaviour before terms existed). central/store/terms.ts
 * keeps the calendar's versions and the copies used.
 */
import { z } from 'zod';
import type { LocalizedText } from '../../shared/domain.js';
import { IsoDate, TermCode } from '../../shared/person-record.js';
import { parseWorkingCalendar } from './holidays.js';

/** The term of every quota counted before a calendar existed (and of every quota while none is set). */
export const LEGACY_TERM = 'legacy';

const Name = z.string().trim().min(1, 'a name may not be empty').max(100);

export const Term = z
  .object({
    code: TermCode,
    name: z.object({ zh: Name, en: Name }).strict(),
    /** First day of the term, in the institution's timezone. */
    start: IsoDate,
    /** Last day of the term (inclusive). */
    end: IsoDate,
  })
  .strict();
export type Term = z.infer<typeof Term>;

/** `previous`: in a gap, the term that ended last still counts; `none`: no free copies in a gap. */
export const GapRule = z.enum(['previous', 'none']);
export type GapRule = z.infer<typeof GapRule>;

export const Calendar = z
  .object({
    gap: GapRule,
    terms: z.array(Term).min(1).max(200),
    /** Days off and make-up working days (holidays.ts), for the `idle` alert; absent: none. */
    holidays: z.array(IsoDate).optional(),
    workdays: z.array(IsoDate).optional(),
  })
  .strict();
export type Calendar = z.infer<typeof Calendar>;

/** A calendar that was not accepted, with every problem found (one line each, for the admin to fix). */
export class CalendarInvalid extends Error {
  override name = 'CalendarInvalid';
  constructor(readonly problems: string[]) {
    super(`The academic calendar has ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
}

/**
 * The calendar in `input`, or CalendarInvalid listing every problem: each term is checked on its own
 * (so one broken term does not hide the others' problems), then the terms that are well-formed are
 * checked together (unique codes, start on or before end, no two terms sharing a day).
 */
export function parseCalendar(input: unknown): Calendar {
  const problems: string[] = [];
  const shape = z
    .object({ gap: z.unknown(), terms: z.array(z.unknown()) })
    .passthrough()
    .safeParse(input);
  if (!shape.success) {
    throw new CalendarInvalid([
      'write the calendar as {"gap": "previous" or "none", "terms": [{"code", "name": {"zh", "en"}, "start", "end"}, ...]}',
    ]);
  }
  const SETTINGS = ['gap', 'terms', 'holidays', 'workdays'];
  const extra = Object.keys(shape.data).filter((k) => !SETTINGS.includes(k));
  for (const k of extra)
    problems.push(`"${k}" is not a calendar setting (only ${SETTINGS.map((s) => `"${s}"`).join(', ')})`);
  const days = parseWorkingCalendar(shape.data as { holidays?: unknown; workdays?: unknown });
  problems.push(...days.problems);
  const gap = GapRule.safeParse(shape.data.gap);
  if (!gap.success)
    problems.push(
      `gap: "${String(shape.data.gap)}" is not a gap rule; write "previous" (the last term's quota still applies between terms) or "none" (no free copies between terms)`,
    );
  if (shape.data.terms.length === 0) problems.push('terms: the calendar has no term; list at least one');
  const terms: Term[] = [];
  shape.data.terms.forEach((raw, i) => {
    const t = Term.safeParse(raw);
    const label = `term ${i + 1}${typeof (raw as { code?: unknown })?.code === 'string' ? ` (${(raw as { code: string }).code})` : ''}`;
    if (!t.success) {
      for (const issue of t.error.issues) {
        const message =
          issue.code === 'unrecognized_keys'
            ? `${issue.keys.map((k) => `"${k}"`).join(', ')} is not a term field (a term has code, name, start and end)`
            : issue.message;
        problems.push(`${label}${issue.path.length ? `, ${issue.path.map(String).join('.')}` : ''}: ${message}`);
      }
      return;
    }
    if (t.data.start > t.data.end)
      problems.push(`${label}: it starts on ${t.data.start}, after its last day ${t.data.end}; swap or fix the dates`);
    else terms.push(t.data);
  });
  const seen = new Set<string>();
  for (const t of terms) {
    if (seen.has(t.code)) problems.push(`term ${t.code} is listed more than once; give each term its own code`);
    seen.add(t.code);
  }
  const byStart = [...terms].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 0; i < byStart.length; i++)
    for (let j = i + 1; j < byStart.length && byStart[j]!.start <= byStart[i]!.end; j++)
      problems.push(
        `terms ${byStart[i]!.code} (${byStart[i]!.start} to ${byStart[i]!.end}) and ${byStart[j]!.code} (${byStart[j]!.start} to ${byStart[j]!.end}) overlap; a day belongs to one term at most`,
      );
  if (problems.length) throw new CalendarInvalid(problems);
  return {
    gap: gap.data!,
    terms: byStart,
    ...(days.calendar.holidays.length ? { holidays: days.calendar.holidays } : {}),
    ...(days.calendar.workdays.length ? { workdays: days.calendar.workdays } : {}),
  };
}

/** The term free quotas count in now: a key for `quota_used.term`, or null when no free copies apply. */
export interface QuotaTerm {
  /** A term code, LEGACY_TERM without a calendar, or null in a gap under `"gap": "none"`. */
  key: string | null;
  /** Why there are no free copies now (a gap under `"gap": "none"`), in both languages. */
  note?: LocalizedText;
}

/** The term of `date` (YYYY-MM-DD) under `calendar` (terms in any order). */
export function termOn(calendar: Calendar, date: string): QuotaTerm {
  const sorted = [...calendar.terms].sort((a, b) => a.start.localeCompare(b.start));
  const current = sorted.find((t) => t.start <= date && date <= t.end);
  if (current) return { key: current.code };
  const previous = sorted.filter((t) => t.end < date).at(-1);
  if (calendar.gap === 'previous' && previous) return { key: previous.code };
  const next = sorted.find((t) => t.start > date);
  return {
    key: null,
    note: next
      ? {
          zh: `现在不在学期内，没有免费份数；${next.name.zh}于${next.start}开始`,
          en: `There is no term now, so there are no free copies; ${next.name.en} begins on ${next.start}.`,
        }
      : {
          zh: '现在不在学期内，没有免费份数',
          en: 'There is no term now, so there are no free copies.',
        },
  };
}
