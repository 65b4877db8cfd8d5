/**
 * Every data block of the document kinds (docs/data.md "Document data") from a canonical record:
 * the fields exactly as templates read them, the order of lists, money in yuan, the rounding of a
 * ranking's percent, and the block left out when the record lacks it.
 */
import { describe, expect, it } from 'vitest';
import { DATA_BLOCKS } from '../../../../shared/document-kind.js';
import {
  PersonRecord,
  StudentRecord,
  TeacherRecord,
  type PersonRecordInput,
} from '../../../../shared/person-record.js';
import { documentBlocks } from '../../../../central/people/document-data.js';
import { yuan } from '../../../../shared/yuan.js';

const graduate = StudentRecord.parse({
  id: '2019010001',
  role: 'student',
  name: { zh: '欧阳䶮', en: 'OUYANG Yan' },
  gender: 'female',
  status: 'graduated',
  college: { zh: '数学学院', en: 'School of Mathematics' },
  major: { zh: '统计学', en: 'Statistics' },
  programYears: 4,
  entryDate: '2019-09-01',
  graduationDate: '2023-06-30',
  graduationCertificateNo: '105861202305000123',
  degree: { zh: '理学学士', en: 'Bachelor of Science' },
  degreeDate: '2023-06-30',
  degreeCertificateNo: '1058642023000123',
  courses: [
    { term: '2019-2020-1', code: 'M1', name: { zh: '数学分析' }, credits: 4, score: 95 },
    { term: '2019-2020-2', code: 'M2', name: { zh: '高等代数' }, credits: 2, score: 75 },
  ],
  ranking: {
    rank: 7,
    of: 100,
    scope: { zh: '统计学专业2019级', en: 'Statistics, class of 2019' },
    asOf: '2022-2023-2',
  },
  languageTests: [
    {
      test: 'CET6',
      date: '2020-12-12',
      total: 480,
      listening: 160,
      reading: 170,
      writing: 150,
      ticketNo: '420452202001234',
    },
    {
      test: 'CET4',
      date: '2019-12-14',
      total: 550,
      listening: 190,
      reading: 200,
      writing: 160,
      ticketNo: '420451192001234',
    },
  ],
  tuition: [
    { year: '2020-2021', item: { zh: '学费', en: 'Tuition' }, dueCents: 500000, paidCents: 0 },
    {
      year: '2019-2020',
      item: { zh: '学费', en: 'Tuition' },
      dueCents: 500000,
      paidCents: 500000,
      paidDate: '2019-09-05',
    },
    { year: '2019-2020', item: { zh: '住宿费' }, dueCents: 120050, paidCents: 120050, paidDate: '2019-09-05' },
  ],
} satisfies PersonRecordInput);

const teacher = TeacherRecord.parse({
  id: '20080031',
  role: 'teacher',
  name: { zh: '周建华', en: 'ZHOU Jianhua' },
  gender: 'male',
  status: 'active',
  department: { zh: '数学学院', en: 'School of Mathematics' },
  title: { zh: '教授', en: 'Professor' },
  hireDate: '2008-07-01',
  income: [
    { year: 2025, grossCents: 10000000, months: 7 },
    { year: 2024, grossCents: 24000000 },
  ],
  titleHistory: [
    { title: { zh: '教授', en: 'Professor' }, date: '2016-12-01', certificateNo: 'GX2016-0456' },
    { title: { zh: '讲师' }, date: '2008-07-01' },
  ],
} satisfies PersonRecordInput);

const blocks = (r: PersonRecord, ...fields: (typeof DATA_BLOCKS)[number][]) => documentBlocks(r, fields, 'zh');

describe('yuan', () => {
  it('prints fen as yuan with two decimals and thousands separators', () => {
    expect(yuan(1234567)).toBe('12,345.67');
    expect(yuan(500000)).toBe('5,000.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(0)).toBe('0.00');
    expect(yuan(100_000_000_00)).toBe('100,000,000.00');
    expect(() => yuan(1.5)).toThrow(/whole number/);
  });
});

describe('the student blocks', () => {
  it('graduation and degree: the dates and certificate numbers', () => {
    expect(blocks(graduate, 'graduation', 'degree')).toEqual({
      data: {
        graduation: { date: '2023-06-30', certificateNumber: '105861202305000123' },
        degree: {
          name: { zh: '理学学士', en: 'Bachelor of Science' },
          date: '2023-06-30',
          certificateNumber: '1058642023000123',
        },
      },
      missing: [],
    });
  });

  it('ranking: the rank, the GPA of the totals and the percent rounded up in whole numbers', () => {
    // GPA: (4.0 × 4 + 2.7 × 2) / 6 = 3.5666... → 3.57; 7 of 100 is 7% (a float would say 8%).
    expect(blocks(graduate, 'ranking').data.ranking).toEqual({
      rank: 7,
      of: 100,
      scope: { zh: '统计学专业2019级', en: 'Statistics, class of 2019' },
      asOf: '2022-2023-2',
      gpa: 3.57,
      percent: 7,
    });
    const percent = (rank: number, of: number) =>
      (
        blocks(PersonRecord.parse({ ...graduate, ranking: { ...graduate.ranking, rank, of } }), 'ranking').data
          .ranking as { percent: number }
      ).percent;
    expect(percent(1, 1000)).toBe(1);
    expect(percent(6, 120)).toBe(5);
    expect(percent(7, 120)).toBe(6);
    expect(percent(120, 120)).toBe(100);
  });

  it('cet: every sitting in exam order with the test named in both languages', () => {
    expect(blocks(graduate, 'cet').data.cet).toEqual([
      {
        test: 'CET4',
        testZh: '全国大学英语四级考试',
        testEn: 'College English Test Band 4',
        date: '2019-12-14',
        total: 550,
        listening: 190,
        reading: 200,
        writing: 160,
        ticketNo: '420451192001234',
      },
      expect.objectContaining({
        test: 'CET6',
        testZh: '全国大学英语六级考试',
        testEn: 'College English Test Band 6',
        date: '2020-12-12',
      }),
    ]);
  });

  it('payments: each fee in year order with yuan strings, unpaid ones with an empty date, and the totals', () => {
    expect(blocks(graduate, 'payments').data.payments).toEqual({
      items: [
        {
          year: '2019-2020',
          itemZh: '学费',
          itemEn: 'Tuition',
          due: '5,000.00',
          paid: '5,000.00',
          paidDate: '2019-09-05',
        },
        {
          year: '2019-2020',
          itemZh: '住宿费',
          itemEn: '住宿费',
          due: '1,200.50',
          paid: '1,200.50',
          paidDate: '2019-09-05',
        },
        { year: '2020-2021', itemZh: '学费', itemEn: 'Tuition', due: '5,000.00', paid: '0.00', paidDate: '' },
      ],
      due: '11,200.50',
      paid: '6,200.50',
    });
  });

  it('leaves out every block the record lacks, and the teacher blocks of a student', () => {
    const {
      graduationCertificateNo: _g,
      degreeCertificateNo: _d,
      ranking: _r,
      languageTests: _l,
      tuition: _t,
      ...bare
    } = graduate;
    const lean = PersonRecord.parse(bare);
    const r = blocks(lean, ...DATA_BLOCKS);
    expect(r.missing).toEqual(['graduation', 'degree', 'ranking', 'cet', 'payments', 'teacher', 'income', 'titles']);
    expect(Object.keys(r.data)).toEqual(['student', 'courses', 'totals']);
    // Empty lists are no record either: a CET report of nothing is not a document.
    expect(blocks(PersonRecord.parse({ ...bare, languageTests: [], tuition: [] }), 'cet', 'payments').missing).toEqual([
      'cet',
      'payments',
    ]);
    // A degree without its date is not certified.
    expect(
      blocks(PersonRecord.parse({ ...bare, degreeCertificateNo: '1058642023000123', degreeDate: undefined }), 'degree')
        .missing,
    ).toEqual(['degree']);
  });
});

describe('the teacher blocks', () => {
  it('teacher: the fields of every teacher document', () => {
    expect(blocks(teacher, 'teacher').data.teacher).toEqual({
      name: '周建华',
      nameLatin: 'ZHOU Jianhua',
      gender: '男',
      genderEn: 'Male',
      staffNumber: '20080031',
      department: { zh: '数学学院', en: 'School of Mathematics' },
      title: { zh: '教授', en: 'Professor' },
      hireDate: '2008-07-01',
      status: 'active',
      statusLabel: { zh: '在职', en: 'in service' },
    });
    const bare = PersonRecord.parse({ ...teacher, title: undefined, hireDate: undefined, gender: undefined });
    expect(blocks(bare, 'teacher').data.teacher).toMatchObject({
      title: { zh: '', en: '' },
      hireDate: '',
      gender: '',
      genderEn: '',
    });
  });

  it('income: the latest year, its monthly average to the fen over the months paid', () => {
    expect(blocks(teacher, 'income').data.income).toEqual({
      year: 2025,
      annualGross: '100,000.00',
      monthlyAverage: '14,285.71',
      months: 7,
    });
  });

  it('titles: oldest first, an empty certificate number when none, the Chinese title when no English one', () => {
    expect(blocks(teacher, 'titles').data.titles).toEqual([
      { titleZh: '讲师', titleEn: '讲师', date: '2008-07-01', certificateNumber: '' },
      { titleZh: '教授', titleEn: 'Professor', date: '2016-12-01', certificateNumber: 'GX2016-0456' },
    ]);
  });

  it('leaves out income and titles without them, and the student blocks of a teacher', () => {
    const bare = PersonRecord.parse({ ...teacher, income: undefined, titleHistory: undefined });
    expect(blocks(bare, ...DATA_BLOCKS).missing).toEqual([
      'student',
      'courses',
      'totals',
      'graduation',
      'degree',
      'ranking',
      'cet',
      'payments',
      'income',
      'titles',
    ]);
  });
});
