/**
 * What the built-in templates read about a person (templates/builtin/*\/manifest.json `schema`),
 * made from the canonical record: the `student` block every student document prints, a transcript's
 * `courses` and `totals`, and (BLOCKS below) every other data block, built in student-blocks.ts and
 * teacher-blocks.ts. The `university` block is not made here (it is the institution's).
 * The field names are the templates' (`enrollmentDate`, `degreeLevel`...); the record's are
 * documented in docs/data.md.
 */
import { STATUS_LABELS, type Language, type LocalizedText } from '../../shared/domain.js';
import type { DataBlock } from '../../shared/document-kind.js';
import {
  GRADE_WORDS,
  type CourseResult,
  type LEVELS,
  type PersonRecord,
  type StudentRecord,
  type COURSE_TYPES,
} from '../../shared/person-record.js';
import { pointsOf, totalsOf } from './grades.js';
import { genderOf } from './gender.js';
import { teacherBlock, incomeBlock, titlesBlock } from './teacher-blocks.js';
import { cetBlock, degreeBlock, graduationBlock, paymentsBlock, rankingBlock } from './student-blocks.js';

/** How a document names each level of study (培养层次). */
export const LEVEL_LABELS: Record<(typeof LEVELS)[number], LocalizedText> = {
  associate: { zh: '专科', en: 'Associate' },
  undergraduate: { zh: '本科', en: 'Undergraduate' },
  master: { zh: '硕士研究生', en: 'Master' },
  doctoral: { zh: '博士研究生', en: 'Doctoral' },
};

/** How a transcript names each course type (课程性质). */
export const COURSE_TYPE_LABELS: Record<(typeof COURSE_TYPES)[number], LocalizedText> = {
  required: { zh: '必修', en: 'Required' },
  elective: { zh: '选修', en: 'Elective' },
  'public-elective': { zh: '公选', en: 'Public elective' },
};

/** The marks a transcript adds to a course's type: 重修 (taken again after failing), 补考 (make-up exam). */
export const ATTEMPT_LABELS = {
  retake: { zh: '重修', en: 'retake' },
  makeUp: { zh: '补考', en: 'make-up' },
} as const satisfies Record<string, LocalizedText>;

const NUMERALS_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const NUMERALS_EN = ['', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];

/**
 * 学制: "四年" / "Four years" (a sentence lowers it). Null when the record does not say: every built-in
 * document prints it, and a length central guessed has no place on a sealed document.
 */
export function programLength(years: number | undefined): LocalizedText | null {
  if (years === undefined) return null;
  return { zh: `${NUMERALS_ZH[years]}年`, en: `${NUMERALS_EN[years]} year${years === 1 ? '' : 's'}` };
}

/**
 * The expected graduation a document prints: the record's, else the actual graduation date, else the
 * end of June of the entry year plus the programme's length (Chinese universities graduate in June),
 * else empty (the template then names the missing field).
 */
export function expectedGraduation(r: StudentRecord): string {
  if (r.expectedGraduation) return r.expectedGraduation;
  if (r.graduationDate) return r.graduationDate;
  return r.programYears ? `${Number(r.entryDate.slice(0, 4)) + r.programYears}-06-30` : '';
}

/** What a transcript prints as the grade points of a pass/fail course. */
export const NO_POINTS = '—';

/** The `student` block of every built-in document. */
export function studentBlock(r: StudentRecord): Record<string, unknown> {
  const gender = genderOf(r.gender);
  return {
    name: r.name.zh,
    nameLatin: r.name.en,
    gender: gender.zh,
    genderEn: gender.en,
    studentNumber: r.id,
    college: r.college,
    major: r.major ?? { zh: '', en: '' },
    degreeLevel: LEVEL_LABELS[r.level],
    enrollmentDate: r.entryDate,
    expectedGraduation: expectedGraduation(r),
    // Read by no built-in template yet; there for custom ones (docs/templates.md).
    level: r.level,
    programYears: r.programYears ?? null,
    programLength: programLength(r.programYears),
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    graduationDate: r.graduationDate ?? null,
    degree: r.degree ?? null,
  };
}

/** One course as a transcript prints it, in `language` for a grade word. */
export function courseLine(c: CourseResult, language: Language): Record<string, unknown> {
  const type = COURSE_TYPE_LABELS[c.type];
  const marks = (['retake', 'makeUp'] as const).filter((m) => c[m]).map((m) => ATTEMPT_LABELS[m]);
  return {
    term: c.term,
    code: c.code,
    nameZh: c.name.zh,
    nameEn: c.name.en || c.name.zh,
    credits: c.credits,
    typeZh: [type.zh, ...marks.map((m) => m.zh)].join('·'),
    typeEn: [type.en, ...marks.map((m) => m.en)].join(', '),
    score: typeof c.score === 'number' ? c.score : language === 'zh' ? c.score : GRADE_WORDS[c.score].en,
    // A pass/fail word has no points (it is left out of the GPA): the transcript prints a dash.
    gradePoints: pointsOf(c.score) ?? NO_POINTS,
    countsForGpa: pointsOf(c.score) !== null,
    retake: c.retake,
    makeUp: c.makeUp,
  };
}

/**
 * One builder per data block (shared/document-kind.ts DATA_BLOCKS): the block made from a person's
 * record, or null when the record lacks it (the kind is then unavailable to them: `no_record`).
 * Exhaustive: a block added to DATA_BLOCKS does not compile until it has a builder.
 */
const BLOCKS: Record<DataBlock, (r: PersonRecord, language: Language) => unknown> = {
  student: (r) => (r.role === 'student' ? studentBlock(r) : null),
  courses: (r, language) =>
    r.role === 'student'
      ? [...r.courses].sort((a, b) => a.term.localeCompare(b.term)).map((c) => courseLine(c, language))
      : null,
  totals: (r) => (r.role === 'student' ? totalsOf(r.courses) : null),
  graduation: (r) => (r.role === 'student' ? graduationBlock(r) : null),
  degree: (r) => (r.role === 'student' ? degreeBlock(r) : null),
  ranking: (r) => (r.role === 'student' ? rankingBlock(r) : null),
  cet: (r) => (r.role === 'student' ? cetBlock(r) : null),
  payments: (r) => (r.role === 'student' ? paymentsBlock(r) : null),
  teacher: (r) => (r.role === 'teacher' ? teacherBlock(r) : null),
  income: (r) => (r.role === 'teacher' ? incomeBlock(r) : null),
  titles: (r) => (r.role === 'teacher' ? titlesBlock(r) : null),
};

/**
 * The data central sends for a document that reads `fields`: those blocks of the person's record (not
 * `university`, which is the institution's), and the blocks the record lacks.
 */
export function documentBlocks(
  r: PersonRecord,
  fields: readonly DataBlock[],
  language: Language,
): { data: Record<string, unknown>; missing: DataBlock[] } {
  const data: Record<string, unknown> = {};
  const missing: DataBlock[] = [];
  for (const f of fields) {
    const block = BLOCKS[f](r, language);
    if (block === null || block === undefined) missing.push(f);
    else data[f] = block;
  }
  return { data, missing };
}
