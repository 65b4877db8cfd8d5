/**
 * The canonical person record: what a university's data platform, an import file or the batch API
 * gives central about one student or teacher (docs/data.md). Every field a built-in document prints
 * comes from here. Declared once: the import, the batch API, the OpenAPI document (as JSON Schema)
 * and the demo campus all use this schema.
 */
import { z } from 'zod';
import { STUDENT_STATUSES, TEACHER_STATUSES, type PersonStatus } from './domain.js';

/** A calendar date, `YYYY-MM-DD`, that exists (no 2023-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, for example 2023-09-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'this day does not exist in the calendar');

/** A term code as academic-affairs systems write it: `2023-2024-1` (academic year, then term 1 to 3). */
export const TermCode = z
  .string()
  .regex(/^(\d{4})-(\d{4})-[1-3]$/, 'write the term as YYYY-YYYY-N, for example 2023-2024-1')
  .refine((s) => Number(s.slice(5, 9)) === Number(s.slice(0, 4)) + 1, 'the second year must follow the first');

const Text = (max: number) => z.string().trim().min(1).max(max);
const Localized = (max: number) => z.object({ zh: Text(max), en: z.string().trim().max(max).default('') });

/**
 * Grade words a transcript may carry instead of a number, with the words they are also written as.
 * `points` is on the 4-point scale; `null` means the course counts for credits but not for the GPA.
 */
export const GRADE_WORDS = {
  优秀: { en: 'Excellent', passed: true, points: 4.0, aliases: ['优', 'A'] },
  良好: { en: 'Good', passed: true, points: 3.0, aliases: ['良', 'B'] },
  中等: { en: 'Average', passed: true, points: 2.0, aliases: ['中', 'C'] },
  及格: { en: 'Pass', passed: true, points: 1.0, aliases: ['D'] },
  不及格: { en: 'Fail', passed: false, points: 0, aliases: ['F'] },
  合格: { en: 'Pass', passed: true, points: null, aliases: ['P', '通过'] },
  不合格: { en: 'Fail', passed: false, points: null, aliases: ['NP', '不通过'] },
} as const satisfies Record<string, { en: string; passed: boolean; points: number | null; aliases: string[] }>;
export type GradeWord = keyof typeof GRADE_WORDS;

/** The grade word a written grade means (`优` → `优秀`), or undefined. */
export function gradeWord(s: string): GradeWord | undefined {
  const t = s.trim();
  for (const [word, g] of Object.entries(GRADE_WORDS) as [GradeWord, (typeof GRADE_WORDS)[GradeWord]][]) {
    if (word === t || (g.aliases as readonly string[]).includes(t.toUpperCase())) return word;
  }
  return undefined;
}

/** A score: a number from 0 to 100 (also written as a string, "92"), or a grade word. */
export const Score = z.union([z.number().min(0).max(100), z.string().trim().min(1)]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const n = Number(v);
  if (v !== '' && Number.isFinite(n)) {
    if (n >= 0 && n <= 100) return n;
    ctx.addIssue({ code: 'custom', message: `score ${v} is outside 0 to 100` });
    return z.NEVER;
  }
  const word = gradeWord(v);
  if (word) return word;
  ctx.addIssue({
    code: 'custom',
    message: `"${v}" is neither a number from 0 to 100 nor a grade word (${Object.keys(GRADE_WORDS).join(', ')})`,
  });
  return z.NEVER;
});
export type Score = number | GradeWord;

export const COURSE_TYPES = ['required', 'elective', 'public-elective'] as const;
export const CourseType = z.enum(COURSE_TYPES);

export const CourseResult = z.object({
  term: TermCode,
  code: Text(32),
  name: Localized(200),
  credits: z.number().min(0).max(40),
  score: Score,
  type: CourseType.default('required'),
  /** 重修: taken again after failing. */
  retake: z.boolean().default(false),
  /** 补考: a make-up exam. */
  makeUp: z.boolean().default(false),
});
export type CourseResult = z.infer<typeof CourseResult>;

export const LEVELS = ['associate', 'undergraduate', 'master', 'doctoral'] as const;
export const Level = z.enum(LEVELS);

const Common = {
  /** Student or staff number: the key every import upserts by. */
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'an id is 1 to 32 letters, digits, "-" or "_"'),
  /** Every campus card the person holds now; a card left out is retired (kept in the history). */
  cards: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9]{4,32}$/, 'a card number is 4 to 32 letters or digits'),
    )
    .max(8)
    .default([]),
  name: Localized(100),
  gender: z.enum(['male', 'female']).optional(),
};

/** An academic year as fee and ranking lists write it: `2023-2024`. */
export const AcademicYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'write the academic year as YYYY-YYYY, for example 2023-2024')
  .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, 'the second year must follow the first');

/** A certificate number (毕业证书编号, 学位证书编号, 职称证书编号) as the certificate prints it. */
const CertificateNo = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9-]{4,40}$/,
    'a certificate number is 4 to 40 letters, digits or "-", as printed on the certificate',
  );

/** An amount of money in fen (1/100 yuan), as finance systems keep it: never a fraction of a fen. */
const Cents = z
  .number()
  .int('write the amount in fen, a whole number (12345.67 yuan is 1234567)')
  .min(0)
  .max(100_000_000_00);

/** 绩点排名: where the student stands in their group, as the registrar ranked them. */
export const Ranking = z
  .object({
    rank: z.number().int().min(1),
    /** How many students were ranked. */
    of: z.number().int().min(1).max(100_000),
    /** Who they were ranked among: 统计学专业2023级 / Statistics, class of 2023. */
    scope: Localized(100),
    /** The last term the ranking counts. */
    asOf: TermCode,
  })
  .refine((r) => r.rank <= r.of, {
    path: ['rank'],
    message: 'the rank is beyond the number of students ranked ("of"): check both numbers',
  });

/** The largest score of each part of a CET-4/6 exam (全国大学英语四、六级考试): 710 in all. */
export const CET_PARTS = { listening: 249, reading: 249, writing: 212 } as const;

export const LanguageTest = z
  .object({
    test: z.enum(['CET4', 'CET6']),
    /** The exam day. */
    date: IsoDate,
    total: z.number().int().min(0).max(710),
    listening: z.number().int().min(0).max(CET_PARTS.listening),
    reading: z.number().int().min(0).max(CET_PARTS.reading),
    /** 写作和翻译. */
    writing: z.number().int().min(0).max(CET_PARTS.writing),
    /** 准考证号. */
    ticketNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{6,20}$/, 'an admission ticket number is 6 to 20 letters or digits'),
  })
  .superRefine((t, ctx) => {
    const sum = t.listening + t.reading + t.writing;
    if (sum !== t.total)
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `the total ${t.total} is not listening + reading + writing (${t.listening} + ${t.reading} + ${t.writing} = ${sum}): correct the score that was mistyped`,
      });
  });
export type LanguageTest = z.infer<typeof LanguageTest>;

/** One fee of one academic year (学费, 住宿费...), what was due and what was paid. */
export const TuitionLine = z
  .object({
    year: AcademicYear,
    item: Localized(60),
    dueCents: Cents,
    paidCents: Cents,
    /** The day it was paid (the last payment's, when it was paid in parts); none while nothing is paid. */
    paidDate: IsoDate.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.paidCents > 0 && !t.paidDate)
      ctx.addIssue({ code: 'custom', path: ['paidDate'], message: 'a paid fee needs the date it was paid' });
    if (t.paidCents === 0 && t.paidDate)
      ctx.addIssue({
        code: 'custom',
        path: ['paidDate'],
        message: 'a date of payment is given but nothing was paid (paidCents is 0): give the amount paid',
      });
  });
export type TuitionLine = z.infer<typeof TuitionLine>;

/** One year's income of a teacher (the income certificate prints the latest). */
export const IncomeYear = z.object({
  year: z.number().int().min(1950).max(2100),
  /** Gross pay of the year in fen. */
  grossCents: Cents,
  /** Months paid in that year (a teacher hired in September was paid 4). */
  months: z.number().int().min(1).max(12).default(12),
});
export type IncomeYear = z.infer<typeof IncomeYear>;

/** A professional title a teacher was granted (职称评定), with the day and its certificate. */
export const TitleGrant = z.object({
  title: Localized(100),
  date: IsoDate,
  certificateNo: CertificateNo.optional(),
});
export type TitleGrant = z.infer<typeof TitleGrant>;

/** A list where `key` must not repeat: the message names the repeated value. */
function noRepeats<T>(key: (t: T) => string, what: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    list.forEach((t, i) => {
      const k = key(t);
      const first = seen.get(k);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${what} ${k} is listed twice (also at ${first}): keep one`,
        });
      else seen.set(k, i);
    });
  };
}

export const StudentRecord = z
  .object({
    ...Common,
    role: z.literal('student'),
    status: z.enum(STUDENT_STATUSES),
    college: Localized(100),
    major: Localized(100).optional(),
    level: Level.default('undergraduate'),
    programYears: z.number().int().min(1).max(10).optional(),
    entryDate: IsoDate,
    expectedGraduation: IsoDate.optional(),
    graduationDate: IsoDate.optional(),
    degree: Localized(100).optional(),
    /** 毕业证书编号. */
    graduationCertificateNo: CertificateNo.optional(),
    /** The day the degree was conferred (学位授予日期). */
    degreeDate: IsoDate.optional(),
    /** 学位证书编号. */
    degreeCertificateNo: CertificateNo.optional(),
    courses: z.array(CourseResult).max(400).default([]),
    // The lists below are optional, not `default([])`: a record stored before they existed must hash the
    // same when it arrives again (an unchanged record is recognised by its content hash, docs/data.md).
    ranking: Ranking.optional(),
    /** CET-4/6 results, every sitting the student wants to show. */
    languageTests: z.array(LanguageTest).max(20).optional(),
    /** Fees per academic year (学费, 住宿费...). */
    tuition: z
      .array(TuitionLine)
      .max(60)
      .superRefine(noRepeats((t: TuitionLine) => `${t.year} ${t.item.zh}`, 'the fee'))
      .optional(),
  })
  .superRefine((r, ctx) => {
    // A degree's date and certificate without the degree would print a certificate of nothing.
    for (const key of ['degreeDate', 'degreeCertificateNo'] as const)
      if (r[key] !== undefined && !r.degree)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is given but the degree is not: add the degree ({ "zh": "理学学士", "en": "Bachelor of Science" })`,
        });
    if (r.graduationCertificateNo !== undefined && !r.graduationDate)
      ctx.addIssue({
        code: 'custom',
        path: ['graduationCertificateNo'],
        message: 'a graduation certificate number is given but the graduation date is not: add graduationDate',
      });
  });
export type StudentRecord = z.infer<typeof StudentRecord>;

export const TeacherRecord = z.object({
  ...Common,
  role: z.literal('teacher'),
  status: z.enum(TEACHER_STATUSES),
  department: Localized(100),
  /** The current title (职称); titleHistory holds every one granted. */
  title: Localized(100).optional(),
  hireDate: IsoDate.optional(),
  /** Yearly gross income; the income certificate prints the latest year. */
  income: z
    .array(IncomeYear)
    .max(60)
    .superRefine(noRepeats((t: IncomeYear) => String(t.year), 'the year'))
    .optional(),
  /** Every title granted, with its day and certificate number. */
  titleHistory: z.array(TitleGrant).max(20).optional(),
});
export type TeacherRecord = z.infer<typeof TeacherRecord>;

export const PersonRecord = z.discriminatedUnion('role', [StudentRecord, TeacherRecord]);
/** The record as stored (defaults applied). */
export type PersonRecord = z.infer<typeof PersonRecord>;
/** The record as written in a file or a batch call (defaults not yet applied). */
export type PersonRecordInput = z.input<typeof PersonRecord>;

export type { PersonStatus };
