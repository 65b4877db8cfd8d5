/**
 * What `estation central kinds set` says about a bad definition: every problem at once, with its field
 * path, in words an admin can act on (central/kinds/problems.ts).
 */
import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { checkDefinition } from '../../../central/kinds/problems.js';

const enrollment = builtinKinds().find((k) => k.id === 'enrollment')!;
const others = builtinKinds();
const problems = (input: unknown) => checkDefinition(input, others).problems;

describe('a kind definition', () => {
  it('accepts a built-in as it is, and a new kind with its own prefix', () => {
    expect(checkDefinition(enrollment, others)).toEqual({ definition: enrollment, problems: [] });
    const own = { ...enrollment, id: 'library-clearance', codePrefix: 'L' };
    expect(checkDefinition(own, others).definition).toEqual(own);
  });

  it('names each wrong list entry by its path, and says what is allowed', () => {
    expect(problems({ ...enrollment, statuses: ['enrolled', 'expelled'] })).toEqual([
      'statuses.1: "expelled" is not a status; use one of enrolled, suspended, withdrawn, graduated, completed, active, retired, left',
    ]);
    expect(problems({ ...enrollment, fields: ['student', 'diploma'], audience: ['alumni'] })).toEqual([
      'audience.0: "alumni" is not an audience (who may print it); use one of student, teacher',
      'fields.1: "diploma" is not a data block; use one of student, courses, totals, graduation, degree, ranking, cet, payments, teacher, income, titles',
    ]);
    expect(problems({ ...enrollment, languages: ['zh', 'fr'] })).toEqual([
      'languages.1: "fr" is not a language; use one of zh, en',
    ]);
  });

  it('reports every problem of the file in one answer: missing, mistyped, out of range, and unknown fields', () => {
    const { title: _title, ...untitled } = enrollment;
    expect(
      problems({
        ...untitled,
        feeCents: 2.5,
        maxCopies: 50,
        validityDays: 'forever',
        codePrefix: 'abc1',
        colour: 'red',
      }),
    ).toEqual([
      'title: is missing; add it (an object {…})',
      'feeCents: 2.5 is not a whole number',
      'maxCopies: 50 is too large; the most allowed is 20',
      'validityDays: "forever" is not a number',
      'codePrefix: "abc1": a code prefix is 1 to 3 capital letters',
      '(the file): "colour" is not part of a document kind; remove it (docs/central.md, "Document kinds")',
    ]);
  });

  it('refuses an entry listed twice', () => {
    expect(problems({ ...enrollment, statuses: ['enrolled', 'enrolled'] })).toEqual([
      'statuses: "enrolled" is listed twice',
    ]);
  });

  it('refuses a masked path outside the data the kind reads', () => {
    const income = builtinKinds().find((k) => k.id === 'income-certificate')!;
    expect(problems({ ...income, sensitive: ['income.annualGross', 'salary.total'] })).toEqual([
      'sensitive.1: "salary.total" is not in this kind\'s data; a masked path starts with one of university, document, teacher, income (e.g. "teacher.name")',
    ]);
    expect(problems({ ...income, sensitive: ['document.serial'] })).toEqual([]);
  });

  it('refuses a code prefix another kind has, naming the kind and the prefixes taken', () => {
    expect(problems({ ...enrollment, id: 'library-clearance', codePrefix: 'TI' })).toEqual([
      expect.stringMatching(
        /^codePrefix: "TI" is the code prefix of "title-certificate" \(职称证明\); choose letters no other kind uses \(C, D, E, EM, G, IN, P, R, S, T, TI, X are taken\)$/,
      ),
    ]);
  });

  it('is not JSON of an object: says so rather than crashing', () => {
    expect(problems(null)).toEqual([expect.stringMatching(/^\(the file\): /)]);
    expect(problems([])).toEqual([expect.stringMatching(/^\(the file\): /)]);
  });
});
