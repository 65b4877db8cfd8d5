/**
 * A believable campus of any size, as canonical records (shared/person-record.ts): students of
 * several colleges and entry years with Chinese names (some with rare characters outside the basic
 * set, such as 䶮 and 𠮷), 40 to 90 graded courses each with the make-ups and retakes a failed
 * course brings, some suspended, withdrawn, graduated and completed students, and teachers; with the
 * facts the certificates print (document-facts.ts): CET results, fees per year, graduates' certificate
 * numbers and degrees, each student's rank by GPA among their major's cohort, teachers' titles and income.
 * Deterministic: the same size and seed give the same campus on every machine, so tests and
 * benchmarks can rely on it. Used by `estation central --demo --people N` and `estation bench import`.
 */
import type { CourseResult, PersonRecord, StudentRecord, TeacherRecord } from '../../shared/person-record.js';
import { totalsOf } from '../people/grades.js';
import { rng } from './demo.js';
import { CAMPUS_COURSES, CAMPUS_PROGRAMS, GIVEN_NAME_CHARS, SURNAMES, TEACHER_TITLES } from './campus-data.js';
import {
  cetResults,
  degreeCertificateNo,
  graduationCertificateNo,
  incomeYears,
  titleHistory,
  tuitionLines,
} from './document-facts.js';

export interface CampusOptions {
  /** How many people in all; about one in twenty is a teacher. */
  people: number;
  seed?: number;
  /** One person in this many is a teacher (0: students only). */
  teacherEvery?: number;
  /** The fewest and most distinct courses a student has results for (make-ups and retakes come on top). */
  courses?: readonly [number, number];
  /** The year of the newest intake (not yet graded); the generated students entered in the four years before it. */
  newestIntake?: number;
  /**
   * Rank students by GPA within their major's cohort (default true). Ranking needs the whole campus,
   * so it is generated twice (the second time with ranks); a benchmark that prints no ranking skips it.
   */
  rankings?: boolean;
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** A full name: a surname (sometimes a double one) and one or two given-name characters. */
function chineseName(r: Rand): { zh: string; en: string } {
  const [surname, surnameEn] = pick(r, SURNAMES);
  const given = Array.from({ length: r() < 0.35 ? 1 : 2 }, () => pick(r, GIVEN_NAME_CHARS));
  const givenEn = given.map(([, py]) => py).join('');
  return {
    zh: surname + given.map(([c]) => c).join(''),
    en: `${surnameEn.toUpperCase()} ${givenEn[0]!.toUpperCase()}${givenEn.slice(1)}`,
  };
}

function score(r: Rand): number {
  // Mostly passes, a long tail of fails: roughly what a registrar sees.
  return Math.min(100, Math.max(30, Math.round(78 + (r() + r() + r() - 1.5) * 24)));
}

function courses(
  r: Rand,
  entry: number,
  termsDone: number,
  programIndex: number,
  [fewest, most]: readonly [number, number],
): CourseResult[] {
  // A programme's own courses first, then other programmes' courses taken as electives.
  const own = CAMPUS_COURSES.filter((c) => c.programs === 'all' || c.programs.includes(programIndex));
  const others = CAMPUS_COURSES.filter((c) => !own.includes(c)).map((c) => ({ ...c, type: 'elective' as const }));
  const count = Math.min(own.length + others.length, fewest + Math.floor(r() * (most - fewest + 1)));
  const chosen = [...own, ...[...others].sort(() => r() - 0.5)].slice(0, count);
  const out: CourseResult[] = [];
  chosen.forEach((c, k) => {
    const t = k % Math.max(1, termsDone);
    const year = entry + Math.floor(t / 2);
    const term = `${year}-${year + 1}-${(t % 2) + 1}`;
    const graded = c.words ? pick(r, ['优秀', '良好', '中等', '及格', '合格'] as const) : score(r);
    const base = { code: c.code, name: c.name, credits: c.credits, type: c.type };
    out.push({ ...base, term, score: graded, retake: false, makeUp: false });
    if (typeof graded === 'number' && graded < 60) {
      // A failed course brings a make-up exam in the next term, and sometimes a retake after that.
      const next =
        t + 1 < termsDone
          ? `${entry + Math.floor((t + 1) / 2)}-${entry + Math.floor((t + 1) / 2) + 1}-${((t + 1) % 2) + 1}`
          : term;
      const again = Math.min(100, 50 + Math.floor(r() * 30));
      out.push({ ...base, term: next, score: again, retake: false, makeUp: true });
      if (again < 60) out.push({ ...base, term: next, score: 60 + Math.floor(r() * 25), retake: true, makeUp: false });
    }
  });
  return out.sort((a, b) => a.term.localeCompare(b.term) || a.code.localeCompare(b.code));
}

/** A few of each status besides enrolled; the cohort that left last summer graduated or completed. */
function studentStatus(r: Rand, graduatedCohort: boolean): StudentRecord['status'] {
  if (graduatedCohort) return r() < 0.04 ? 'completed' : 'graduated';
  const x = r();
  return x < 0.03 ? 'suspended' : x < 0.05 ? 'withdrawn' : 'enrolled';
}

/** A ten-digit campus card number, different for every index (an odd multiplier modulo 10^10 is a permutation). */
export function campusCard(index: number, seed: number): string {
  const n = (BigInt(index) * 7_368_787_253n + BigInt(seed)) % 10_000_000_000n;
  return n.toString().padStart(10, '0');
}

/**
 * A person's own random source for the facts added after the first campus (document-facts.ts): drawing
 * them from the main source would have changed every person generated after the first one.
 */
const ownRng = (seed: number, index: number) => rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);

/** The group a student is ranked in: their major in their entry year (统计学专业2023级). */
const cohortOf = (s: StudentRecord) => `${s.entryDate.slice(0, 4)} ${s.major?.zh ?? s.college.zh}`;

/** Withdrawn students are no longer ranked; everyone else of the cohort is. */
const ranked = (s: StudentRecord) => s.status !== 'withdrawn';

/** The term a ranking counts up to: the last term with grades. */
function lastTerm(s: StudentRecord): string {
  return s.courses.reduce((last, c) => (c.term > last ? c.term : last), s.courses[0]?.term ?? '');
}

/**
 * The campus one person at a time, so that a large one (a benchmark's) need not be held in memory:
 * with rankings, a first pass keeps only each cohort's GPAs (numbers), the second yields the records.
 */
export function* campusPeople(options: CampusOptions): Generator<PersonRecord> {
  if (options.rankings === false) {
    yield* unranked(options);
    return;
  }
  const cohorts = new Map<string, number[]>();
  for (const p of unranked(options))
    if (p.role === 'student' && ranked(p)) {
      const list = cohorts.get(cohortOf(p)) ?? [];
      list.push(totalsOf(p.courses).gpa);
      cohorts.set(cohortOf(p), list);
    }
  for (const list of cohorts.values()) list.sort((a, b) => b - a);
  for (const p of unranked(options)) {
    if (p.role !== 'student' || !ranked(p) || p.courses.length === 0) {
      yield p;
      continue;
    }
    const gpas = cohorts.get(cohortOf(p))!;
    const major = p.major ?? p.college;
    const year = p.entryDate.slice(0, 4);
    yield {
      ...p,
      ranking: {
        // Students of the same GPA share a rank (the next one is then skipped), as registrars rank.
        rank: gpas.indexOf(totalsOf(p.courses).gpa) + 1,
        of: gpas.length,
        scope: { zh: `${major.zh}专业${year}级`, en: `${major.en}, class of ${year}` },
        asOf: lastTerm(p),
      },
    };
  }
}

/** The campus without rankings. */
function* unranked(options: CampusOptions): Generator<PersonRecord> {
  const seed = options.seed ?? 20260901;
  const newest = options.newestIntake ?? 2026;
  const teacherEvery = options.teacherEvery ?? 20;
  const range = options.courses ?? [40, 90];
  const r = rng(seed);
  const perCollegeYear = new Map<string, number>();
  const graduatesOfYear = new Map<number, number>();
  for (let i = 0; i < options.people; i++) {
    const programIndex = Math.floor(r() * CAMPUS_PROGRAMS.length);
    const program = CAMPUS_PROGRAMS[programIndex]!;
    const name = chineseName(r);
    const gender = r() < 0.5 ? 'male' : 'female';
    const card = campusCard(i, seed);
    if (teacherEvery > 0 && i % teacherEvery === teacherEvery - 1) {
      const teacherNo = Math.floor(i / teacherEvery) + 1;
      const hireYear = 1990 + Math.floor(r() * 36);
      const x = r();
      const teacher: TeacherRecord = {
        id: `T${String(teacherNo).padStart(6, '0')}`,
        cards: [card],
        role: 'teacher',
        name,
        gender,
        status: x < 0.06 ? 'retired' : x < 0.09 ? 'left' : 'active',
        department: program.college,
        title: pick(r, TEACHER_TITLES),
        hireDate: `${hireYear}-0${7 + Math.floor(r() * 3)}-01`,
      };
      const own = ownRng(seed, i);
      teacher.titleHistory = titleHistory(own, teacher.title!, teacher.hireDate!, newest);
      teacher.income = incomeYears(own, teacher.title, teacher.hireDate!, [newest - 2, newest - 1]);
      yield teacher;
      continue;
    }
    // Four cohorts with grades: three studying, and the one that left last summer (graduated or completed).
    const entry = newest - 1 - Math.floor(r() * 4);
    const graduatedCohort = entry <= newest - 4;
    const key = `${entry}${String(programIndex + 1).padStart(2, '0')}`;
    const seq = (perCollegeYear.get(key) ?? 0) + 1;
    perCollegeYear.set(key, seq);
    const termsDone = Math.min(8, (newest - entry) * 2);
    const status = studentStatus(r, graduatedCohort);
    const student: StudentRecord = {
      id: `${key}${String(seq).padStart(5, '0')}`,
      // Graduates and withdrawn students keep their card: a graduate may still print a transcript.
      cards: [card],
      role: 'student',
      name,
      gender,
      status,
      college: program.college,
      major: pick(r, program.majors),
      level: 'undergraduate',
      programYears: 4,
      entryDate: `${entry}-09-01`,
      expectedGraduation: `${entry + 4}-06-30`,
      ...(graduatedCohort ? { graduationDate: `${entry + 4}-06-30` } : {}),
      ...(status === 'graduated' ? { degree: program.degree } : {}),
      courses: courses(r, entry, termsDone, programIndex, range),
    };
    const own = ownRng(seed, i);
    if (status === 'graduated') {
      const year = entry + 4;
      const seq = (graduatesOfYear.get(year) ?? 0) + 1;
      graduatesOfYear.set(year, seq);
      student.graduationCertificateNo = graduationCertificateNo(year, seq);
      student.degreeDate = `${year}-06-30`;
      student.degreeCertificateNo = degreeCertificateNo(year, seq);
    }
    // A better student tends to score better at CET too.
    const ability = Math.min(1, Math.max(0, (totalsOf(student.courses).gpa - 1.5) / 2.5)) * 0.7 + own() * 0.3;
    const cet = cetResults(own, entry, `${newest}-09-01`, ability);
    if (cet.length) student.languageTests = cet;
    // Fees up to the current academic year; the cohort that left paid its four years.
    // A withdrawn student was billed only for the year they left in.
    const lastYear = graduatedCohort ? entry + 3 : status === 'withdrawn' ? Math.min(newest, entry + 1) : newest;
    student.tuition = tuitionLines(own, entry, lastYear, 4800 + programIndex * 300);
    yield student;
  }
}

export function generateCampus(options: CampusOptions): PersonRecord[] {
  return [...campusPeople(options)];
}
