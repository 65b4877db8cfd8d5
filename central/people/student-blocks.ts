/**
 * The blocks a student's certificates read besides `student`, `courses` and `totals` (docs/data.md
 * "Document data"): each made from the canonical record, or null when the record lacks what it needs
 * (central then offers the kind as unavailable: no record). Lists come in the order they happened.
 */
import type { LanguageTest, StudentRecord } from '../../shared/person-record.js';
import { totalsOf } from './grades.js';
import { yuan } from '../../shared/yuan.js';

/** 毕业证明: the day and the certificate's number; both, or nothing to certify. */
export function graduationBlock(r: StudentRecord): Record<string, unknown> | null {
  if (!r.graduationDate || !r.graduationCertificateNo) return null;
  return { date: r.graduationDate, certificateNumber: r.graduationCertificateNo };
}

/** 学位证明: the degree, the day it was conferred and its certificate's number; all three, or nothing. */
export function degreeBlock(r: StudentRecord): Record<string, unknown> | null {
  if (!r.degree || !r.degreeDate || !r.degreeCertificateNo) return null;
  return { name: r.degree, date: r.degreeDate, certificateNumber: r.degreeCertificateNo };
}

/**
 * 绩点及排名: the registrar's ranking with the GPA of the transcript's totals and the share of the
 * group at or above the student ("前 5%"), rounded up: rank 1 of 1000 is in the top 1%, never 0%.
 * Whole numbers only (rank × 100 ÷ of), so 7 of 100 is 7%, not the 8% a float's 7.000000000000001 would give.
 */
export function rankingBlock(r: StudentRecord): Record<string, unknown> | null {
  if (!r.ranking) return null;
  const { rank, of, scope, asOf } = r.ranking;
  return { rank, of, scope, asOf, gpa: totalsOf(r.courses).gpa, percent: Math.ceil((rank * 100) / of) };
}

/** How a score report names each test. */
export const CET_NAMES: Record<LanguageTest['test'], { zh: string; en: string }> = {
  CET4: { zh: '全国大学英语四级考试', en: 'College English Test Band 4' },
  CET6: { zh: '全国大学英语六级考试', en: 'College English Test Band 6' },
};

/** 四六级成绩: every sitting, in exam order (CET-4 before CET-6 on the same day). */
export function cetBlock(r: StudentRecord): Record<string, unknown>[] | null {
  if (!r.languageTests?.length) return null;
  return [...r.languageTests]
    .sort((a, b) => a.date.localeCompare(b.date) || a.test.localeCompare(b.test))
    .map((t) => ({
      test: t.test,
      testZh: CET_NAMES[t.test].zh,
      testEn: CET_NAMES[t.test].en,
      date: t.date,
      total: t.total,
      listening: t.listening,
      reading: t.reading,
      writing: t.writing,
      ticketNo: t.ticketNo,
    }));
}

/** 缴费证明: each fee in academic-year order (a year's fees as the record lists them), and the totals. */
export function paymentsBlock(r: StudentRecord): Record<string, unknown> | null {
  if (!r.tuition?.length) return null;
  const lines = [...r.tuition].sort((a, b) => a.year.localeCompare(b.year));
  return {
    items: lines.map((t) => ({
      year: t.year,
      itemZh: t.item.zh,
      itemEn: t.item.en || t.item.zh,
      due: yuan(t.dueCents),
      paid: yuan(t.paidCents),
      paidDate: t.paidDate ?? '',
    })),
    due: yuan(lines.reduce((s, t) => s + t.dueCents, 0)),
    paid: yuan(lines.reduce((s, t) => s + t.paidCents, 0)),
  };
}
