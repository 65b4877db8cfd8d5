/**
 * The facts the newer certificates print, made up believably for the demo people and the generated
 * campus (docs/data.md "The demo campus"): CET-4/6 sittings on the days the exams are held, tuition
 * and accommodation fees per academic year (the current one sometimes unpaid), graduation and degree
 * certificate numbers in the shape Chinese certificates have, a teacher's titles up the ladder to the
 * current one, and yearly income by title. Deterministic: each takes the caller's random source.
 */
import type { LocalizedText } from '../../shared/domain.js';
import type { IncomeYear, LanguageTest, TitleGrant, TuitionLine } from '../../shared/person-record.js';

type Rand = () => number;
const between = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const digits = (n: number, width: number) => String(n).padStart(width, '0');

/** The second Saturday of a month: CET-4/6 sittings are on a Saturday in mid-June and mid-December. */
export function cetDay(year: number, month: 6 | 12): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((6 - first + 7) % 7) + 7;
  return `${year}-${digits(month, 2)}-${digits(day, 2)}`;
}

/** The score that passes a CET (425 of 710): a student who fails sits again, one who passes may go on to CET-6. */
export const CET_PASS = 425;

/** One sitting: parts by the student's ability (0 to 1), the total their sum, the ticket as 准考证号 are written. */
function sitting(r: Rand, test: LanguageTest['test'], date: string, ability: number): LanguageTest {
  const part = (max: number) =>
    Math.min(max, Math.max(40, Math.round(max * (0.38 + ability * 0.5 + (r() - 0.5) * 0.16))));
  const listening = part(249);
  const reading = part(249);
  const writing = part(212);
  const half = date.slice(5, 7) === '06' ? 1 : 2;
  return {
    test,
    date,
    total: listening + reading + writing,
    listening,
    reading,
    writing,
    // Region, year, half, level, room, seat: 15 digits.
    ticketNo: `420101${date.slice(2, 4)}${half}${test === 'CET4' ? 1 : 2}${digits(between(r, 1, 400), 3)}${digits(between(r, 1, 30), 2)}`,
  };
}

/**
 * The CET sittings of a student who entered in `entry` until the day `until` (YYYY-MM-DD): most sit
 * CET-4 in their first December; a fail sits again at the next sitting (once); a pass often goes on to
 * CET-6 at the next one. About one in ten never sits (an empty list).
 */
export function cetResults(r: Rand, entry: number, until: string, ability: number): LanguageTest[] {
  const days = [
    cetDay(entry, 12),
    cetDay(entry + 1, 6),
    cetDay(entry + 1, 12),
    cetDay(entry + 2, 6),
    cetDay(entry + 2, 12),
  ].filter((d) => d < until);
  if (days.length === 0 || r() < 0.1) return [];
  const out = [sitting(r, 'CET4', days[0]!, ability)];
  let next = 1;
  if (out[0]!.total < CET_PASS && days[next]) out.push(sitting(r, 'CET4', days[next++]!, Math.min(1, ability + 0.1)));
  if (out.at(-1)!.total >= CET_PASS && days[next] && r() < 0.6)
    out.push(sitting(r, 'CET6', days[next]!, ability - 0.1));
  return out;
}

const TUITION: LocalizedText = { zh: '学费', en: 'Tuition' };
const ACCOMMODATION: LocalizedText = { zh: '住宿费', en: 'Accommodation' };

/**
 * Fees from the entry year's academic year through `lastYear` (its first year): tuition of `tuitionYuan`
 * and accommodation, paid at the start of each year; the latest year is unpaid for about one student
 * in ten (`unpaidLatest` forces it either way).
 */
export function tuitionLines(
  r: Rand,
  entry: number,
  lastYear: number,
  tuitionYuan: number,
  unpaidLatest?: boolean,
): TuitionLine[] {
  const lines: TuitionLine[] = [];
  const unpaid = unpaidLatest ?? r() < 0.1;
  for (let y = entry; y <= lastYear; y++) {
    const year = `${y}-${y + 1}`;
    const paidDate = `${y}-09-${digits(between(r, 1, 15), 2)}`;
    for (const [item, dueCents] of [
      [TUITION, tuitionYuan * 100],
      [ACCOMMODATION, 1200_00],
    ] as const) {
      const paid = !(unpaid && y === lastYear);
      lines.push({ year, item, dueCents, paidCents: paid ? dueCents : 0, ...(paid ? { paidDate } : {}) });
    }
  }
  return lines;
}

/** The university code on the demo's certificates (a real one is the ministry's five-digit 学校代码). */
const SCHOOL_CODE = '19999';

/** 毕业证书编号: school, 1 (regular), year, 05 (bachelor), number in the year: 18 digits. */
export const graduationCertificateNo = (year: number, seq: number) => `${SCHOOL_CODE}1${year}05${digits(seq, 6)}`;

/** 学位证书编号: school, 4 (bachelor), year, number in the year: 16 digits. */
export const degreeCertificateNo = (year: number, seq: number) => `${SCHOOL_CODE}4${year}${digits(seq, 6)}`;

/** The ladders titles are climbed on; a title not on one was granted alone. */
const LADDERS: readonly (readonly LocalizedText[])[] = [
  [
    { zh: '助教', en: 'Teaching Assistant' },
    { zh: '讲师', en: 'Lecturer' },
    { zh: '副教授', en: 'Associate Professor' },
    { zh: '教授', en: 'Professor' },
  ],
  [
    { zh: '助理研究员', en: 'Assistant Research Fellow' },
    { zh: '副研究员', en: 'Associate Research Fellow' },
    { zh: '研究员', en: 'Research Fellow' },
  ],
];

/**
 * The titles granted from the hire year up to `title`, the current one: the ladder's steps spread
 * over the years since, each on 1 December (when title reviews end) with a certificate number;
 * the first on the hire day.
 */
export function titleHistory(r: Rand, title: LocalizedText, hireDate: string, beforeYear: number): TitleGrant[] {
  const ladder = LADDERS.find((l) => l.some((t) => t.zh === title.zh)) ?? [title];
  const hired = Number(hireDate.slice(0, 4));
  // About three years a step; one hired recently arrived with the lower titles already (from elsewhere).
  const fit = Math.max(1, Math.floor((beforeYear - hired) / 3) + 1);
  const steps = ladder.slice(0, ladder.findIndex((t) => t.zh === title.zh) + 1).slice(-fit);
  const gap = Math.max(1, Math.floor((beforeYear - hired) / steps.length));
  return steps.map((t, k) => {
    const year = Math.min(beforeYear - 1, hired + k * gap);
    const date = k === 0 ? hireDate : `${Math.max(year, hired)}-12-01`;
    return { title: t, date, certificateNo: `ZC${date.slice(0, 4)}${digits(between(r, 1, 99_999), 5)}` };
  });
}

/** Yearly gross pay by title, in yuan (lowest, highest); a title not listed is paid as a lecturer. */
const PAY: Record<string, [number, number]> = {
  教授: [300_000, 380_000],
  研究员: [290_000, 360_000],
  副教授: [220_000, 280_000],
  副研究员: [210_000, 270_000],
  讲师: [150_000, 200_000],
  助理研究员: [140_000, 190_000],
  助教: [100_000, 130_000],
};

/** Income of the given years, by title, a year of hire counting only the months from hiring. */
export function incomeYears(
  r: Rand,
  title: LocalizedText | undefined,
  hireDate: string,
  years: number[],
): IncomeYear[] {
  const [lo, hi] = PAY[title?.zh ?? ''] ?? PAY['讲师']!;
  const hiredYear = Number(hireDate.slice(0, 4));
  return years
    .filter((y) => y >= hiredYear)
    .map((year) => {
      const months = year === hiredYear ? 13 - Number(hireDate.slice(5, 7)) : 12;
      const annual = between(r, lo * 100, hi * 100);
      return { year, grossCents: Math.round((annual * months) / 12), months };
    });
}
