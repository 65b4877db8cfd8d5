/** The academic calendar's validation (every problem listed) and the term of a date. */
import { describe, expect, it } from 'vitest';
import { CalendarInvalid, parseCalendar, termOn, type Calendar } from '../../../../central/domain/terms.js';
import { demoCalendar } from '../../../../central/seed/demo-terms.js';

const term = (code: string, start: string, end: string) => ({
  code,
  name: { zh: `${code}学期`, en: `Term ${code}` },
  start,
  end,
});

function problems(input: unknown): string[] {
  try {
    parseCalendar(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CalendarInvalid);
    return (err as CalendarInvalid).problems;
  }
  throw new Error('the calendar was accepted');
}

describe('parseCalendar', () => {
  it('accepts a calendar and sorts its terms by start', () => {
    const c = parseCalendar({
      gap: 'none',
      terms: [term('2026-2027-2', '2027-02-20', '2027-07-10'), term('2026-2027-1', '2026-09-01', '2027-01-15')],
    });
    expect(c.terms.map((t) => t.code)).toEqual(['2026-2027-1', '2026-2027-2']);
  });

  it('lists every problem at once: start after end, a code twice, overlaps, a bad gap, a bad date, a bad code', () => {
    const found = problems({
      gap: 'summer',
      terms: [
        term('2026-2027-1', '2026-09-01', '2027-01-15'),
        term('2026-2027-1', '2027-02-20', '2027-07-10'),
        term('2027-2028-1', '2027-07-01', '2027-12-31'),
        term('2027-2028-2', '2028-03-01', '2028-02-01'),
        term('2028-2029-1', '2028-02-30', '2028-06-30'),
        term('2028-2030-1', '2029-09-01', '2030-01-15'),
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(/^gap: "summer" is not a gap rule; write "previous" .* or "none"/),
      'term 4 (2027-2028-2): it starts on 2028-03-01, after its last day 2028-02-01; swap or fix the dates',
      'term 5 (2028-2029-1), start: this day does not exist in the calendar',
      'term 6 (2028-2030-1), code: the second year must follow the first',
      'term 2026-2027-1 is listed more than once; give each term its own code',
      'terms 2026-2027-1 (2027-02-20 to 2027-07-10) and 2027-2028-1 (2027-07-01 to 2027-12-31) overlap; a day belongs to one term at most',
    ]);
  });

  it('refuses unknown settings, an empty list and a file that is not a calendar', () => {
    expect(problems({ gap: 'previous', terms: [], gaps: 'none' })).toEqual([
      '"gaps" is not a calendar setting (only "gap", "terms", "holidays", "workdays")',
      'terms: the calendar has no term; list at least one',
    ]);
    expect(problems([1, 2])).toEqual([expect.stringMatching(/^write the calendar as/)]);
    expect(
      problems({ gap: 'none', terms: [{ ...term('2026-2027-1', '2026-09-01', '2027-01-15'), weeks: 18 }] }),
    ).toEqual(['term 1 (2026-2027-1): "weeks" is not a term field (a term has code, name, start and end)']);
  });

  it('calls overlapping terms out even when one lies inside another', () => {
    expect(
      problems({
        gap: 'none',
        terms: [term('2026-2027-1', '2026-09-01', '2027-07-10'), term('2026-2027-2', '2027-02-20', '2027-03-10')],
      }),
    ).toHaveLength(1);
  });
});

describe('termOn', () => {
  const c: Calendar = parseCalendar({
    gap: 'previous',
    terms: [term('2026-2027-1', '2026-09-01', '2027-01-15'), term('2026-2027-2', '2027-02-20', '2027-07-10')],
  });

  it('is the term holding the date, first and last days included', () => {
    expect(termOn(c, '2026-09-01').key).toBe('2026-2027-1');
    expect(termOn(c, '2027-01-15').key).toBe('2026-2027-1');
    expect(termOn(c, '2027-02-20').key).toBe('2026-2027-2');
  });

  it('in a gap, the last term under "previous" and none under "none"; none before the first term', () => {
    expect(termOn(c, '2027-02-01')).toEqual({ key: '2026-2027-1' });
    expect(termOn({ ...c, gap: 'none' }, '2027-02-01')).toMatchObject({
      key: null,
      note: { zh: expect.stringContaining('2027-02-20') },
    });
    expect(termOn(c, '2026-08-01').key).toBeNull();
    expect(termOn(c, '2028-01-01').key).toBe('2026-2027-2');
  });

  it('the demo calendar is valid and covers the years the demo runs in', () => {
    const demo = parseCalendar(demoCalendar());
    for (const date of ['2024-12-24', '2026-08-15', '2026-12-02', '2035-03-01'])
      expect(termOn(demo, date).key).not.toBeNull();
  });
});
