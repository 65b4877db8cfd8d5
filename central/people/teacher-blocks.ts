/**
 * The blocks a teacher's certificates read (docs/data.md "Document data"): `teacher` (every teacher
 * document), `income` (the latest year) and `titles`, or null when the record lacks them.
 */
import { STATUS_LABELS } from '../../shared/domain.js';
import type { TeacherRecord } from '../../shared/person-record.js';
import { genderOf } from './gender.js';
import { yuan } from '../../shared/yuan.js';

/** The `teacher` block of every teacher document. */
export function teacherBlock(r: TeacherRecord): Record<string, unknown> {
  const gender = genderOf(r.gender);
  return {
    name: r.name.zh,
    nameLatin: r.name.en,
    gender: gender.zh,
    genderEn: gender.en,
    staffNumber: r.id,
    department: r.department,
    title: r.title ?? { zh: '', en: '' },
    hireDate: r.hireDate ?? '',
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
  };
}

/**
 * 收入证明: the latest year of the record, its gross and the monthly average over the months paid
 * (to the fen, rounded half up: 100,000.00 over 7 months is 14,285.71).
 */
export function incomeBlock(r: TeacherRecord): Record<string, unknown> | null {
  if (!r.income?.length) return null;
  const latest = r.income.reduce((a, b) => (b.year > a.year ? b : a));
  return {
    year: latest.year,
    annualGross: yuan(latest.grossCents),
    monthlyAverage: yuan(Math.round(latest.grossCents / latest.months)),
    months: latest.months,
  };
}

/** 职称证明: every title granted, oldest first; a title without a certificate prints none. */
export function titlesBlock(r: TeacherRecord): Record<string, unknown>[] | null {
  if (!r.titleHistory?.length) return null;
  return [...r.titleHistory]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((t) => ({
      titleZh: t.title.zh,
      titleEn: t.title.en || t.title.zh,
      date: t.date,
      certificateNumber: t.certificateNo ?? '',
    }));
}
