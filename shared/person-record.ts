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

export const StudentRecord = z.object({
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
  courses: z.array(CourseResult).max(400).default([]),
});
export type StudentRecord = z.infer<typeof StudentRecord>;

export const TeacherRecord = z.object({
  ...Common,
  role: z.literal('teacher'),
  status: z.enum(TEACHER_STATUSES),
  department: Localized(100),
  title: Localized(100).optional(),
  hireDate: IsoDate.optional(),
});
export type TeacherRecord = z.infer<typeof TeacherRecord>;

export const PersonRecord = z.discriminatedUnion('role', [StudentRecord, TeacherRecord]);
/** The record as stored (defaults applied). */
export type PersonRecord = z.infer<typeof PersonRecord>;
/** The record as written in a file or a batch call (defaults not yet applied). */
export type PersonRecordInput = z.input<typeof PersonRecord>;

export type { PersonStatus };
