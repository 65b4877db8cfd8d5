/**
 * The record's fields for the certificates of issue #14 (docs/data.md): graduation and degree
 * certificates, ranking, CET results, tuition, income and title history, and the words an admin
 * gets when one is wrong.
 */
import { describe, expect, it } from 'vitest';
import { PersonRecord, type PersonRecordInput } from '../../../shared/person-record.js';

const student = {
  id: '2023010001',
  role: 'student',
  name: { zh: '欧阳䶮', en: 'OUYANG Yan' },
  status: 'graduated',
  college: { zh: '数学学院', en: 'School of Mathematics' },
  entryDate: '2019-09-01',
  graduationDate: '2023-06-30',
  degree: { zh: '理学学士', en: 'Bachelor of Science' },
} satisfies PersonRecordInput;

const teacher = {
  id: '20080031',
  role: 'teacher',
  name: { zh: '周建华', en: 'ZHOU Jianhua' },
  status: 'active',
  department: { zh: '数学学院', en: 'School of Mathematics' },
} satisfies PersonRecordInput;

const cet = {
  test: 'CET4',
  date: '2023-12-16',
  total: 550,
  listening: 190,
  reading: 200,
  writing: 160,
  ticketNo: '420451231001234',
};

/** Each problem as `path: message`. */
function problems(input: unknown): string[] {
  const r = PersonRecord.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the record of a graduate, a ranked student and a teacher', () => {
  it('takes every new field and leaves the lists out when not given (a stored record hashes the same)', () => {
    const full = PersonRecord.parse({
      ...student,
      graduationCertificateNo: '105861202305000123',
      degreeDate: '2023-06-30',
      degreeCertificateNo: '1058642023000123',
      ranking: {
        rank: 3,
        of: 120,
        scope: { zh: '统计学专业2019级', en: 'Statistics, class of 2019' },
        asOf: '2022-2023-2',
      },
      languageTests: [cet],
      tuition: [
        {
          year: '2019-2020',
          item: { zh: '学费', en: 'Tuition' },
          dueCents: 500000,
          paidCents: 500000,
          paidDate: '2019-09-05',
        },
      ],
    });
    expect(full).toMatchObject({ graduationCertificateNo: '105861202305000123', ranking: { rank: 3 } });
    const bare = PersonRecord.parse(student);
    expect(Object.keys(bare)).not.toContain('languageTests');
    expect(Object.keys(bare)).not.toContain('tuition');
    const t = PersonRecord.parse({ ...teacher, income: [{ year: 2025, grossCents: 24000000 }] });
    expect(t.role === 'teacher' && t.income?.[0]?.months).toBe(12);
    expect(Object.keys(PersonRecord.parse(teacher))).not.toContain('titleHistory');
  });

  it('refuses a rank beyond the number ranked, and a ranking term written wrong', () => {
    const ranking = { rank: 121, of: 120, scope: { zh: '统计学专业2019级' }, asOf: '2022-2023-2' };
    expect(problems({ ...student, ranking })).toEqual([
      'ranking.rank: the rank is beyond the number of students ranked ("of"): check both numbers',
    ]);
    expect(problems({ ...student, ranking: { ...ranking, rank: 120, asOf: '2022-2023' } })[0]).toMatch(
      /^ranking.asOf: write the term as YYYY-YYYY-N/,
    );
  });

  it('refuses CET parts that do not add up to the total, naming the sum, and scores beyond the test', () => {
    expect(problems({ ...student, languageTests: [{ ...cet, total: 551 }] })).toEqual([
      'languageTests.0.total: the total 551 is not listening + reading + writing (190 + 200 + 160 = 550): correct the score that was mistyped',
    ]);
    expect(problems({ ...student, languageTests: [{ ...cet, listening: 250, total: 610 }] })[0]).toMatch(
      /^languageTests.0.listening/,
    );
    expect(problems({ ...student, languageTests: [{ ...cet, test: 'IELTS' }] })[0]).toMatch(/^languageTests.0.test/);
  });

  it('refuses a fee paid without a date, a date without a payment, a fraction of a fen and a fee listed twice', () => {
    const fee = {
      year: '2019-2020',
      item: { zh: '学费' },
      dueCents: 500000,
      paidCents: 500000,
      paidDate: '2019-09-05',
    };
    expect(problems({ ...student, tuition: [{ ...fee, paidDate: undefined }] })).toEqual([
      'tuition.0.paidDate: a paid fee needs the date it was paid',
    ]);
    expect(problems({ ...student, tuition: [{ ...fee, paidCents: 0 }] })[0]).toMatch(/nothing was paid/);
    expect(problems({ ...student, tuition: [{ ...fee, dueCents: 5000.5 }] })[0]).toMatch(
      /^tuition.0.dueCents: write the amount in fen, a whole number/,
    );
    expect(problems({ ...student, tuition: [{ ...fee, year: '2019-2021' }] })[0]).toBe(
      'tuition.0.year: the second year must follow the first',
    );
    expect(problems({ ...student, tuition: [fee, { ...fee, paidCents: 0, paidDate: undefined }] })).toEqual([
      'tuition.1: the fee 2019-2020 学费 is listed twice (also at 0): keep one',
    ]);
  });

  it('refuses a degree date or certificate without the degree, and a graduation certificate without the date', () => {
    const { degree: _d, graduationDate: _g, ...bare } = student;
    expect(problems({ ...bare, degreeDate: '2023-06-30', degreeCertificateNo: '1058642023000123' })).toEqual([
      'degreeDate: degreeDate is given but the degree is not: add the degree ({ "zh": "理学学士", "en": "Bachelor of Science" })',
      'degreeCertificateNo: degreeCertificateNo is given but the degree is not: add the degree ({ "zh": "理学学士", "en": "Bachelor of Science" })',
    ]);
    expect(problems({ ...bare, graduationCertificateNo: '105861202305000123' })).toEqual([
      'graduationCertificateNo: a graduation certificate number is given but the graduation date is not: add graduationDate',
    ]);
    expect(problems({ ...student, graduationCertificateNo: '10586 2023' })[0]).toMatch(
      /4 to 40 letters, digits or "-"/,
    );
  });

  it("refuses a teacher's income year twice, months beyond 12, and a title granted on a day that does not exist", () => {
    const year = { year: 2025, grossCents: 24000000 };
    expect(problems({ ...teacher, income: [year, { ...year, grossCents: 1 }] })).toEqual([
      'income.1: the year 2025 is listed twice (also at 0): keep one',
    ]);
    expect(problems({ ...teacher, income: [{ ...year, months: 13 }] })[0]).toMatch(/^income.0.months/);
    const title = { title: { zh: '教授', en: 'Professor' }, date: '2015-02-30' };
    expect(problems({ ...teacher, titleHistory: [title] })).toEqual([
      'titleHistory.0.date: this day does not exist in the calendar',
    ]);
  });
});
