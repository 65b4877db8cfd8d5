/**
 * Grade points and credits from a canonical record's courses: what a transcript prints for each
 * course and in its totals (docs/data.md, "People"). A number is on the 100-point scale (60 passes);
 * a grade word counts with its GRADE_WORDS points, and a pass/fail word (`合格`, `P`) counts for
 * credits but not for the GPA.
 */
import { GRADE_WORDS, type CourseResult, type Score } from '../../shared/person-record.js';

/** The Chinese 4.0 grade-point scale as most universities use it, for a score out of 100. */
export function gradePoints(score: number): number {
  if (score >= 90) return 4.0;
  if (score >= 85) return 3.7;
  if (score >= 82) return 3.3;
  if (score >= 78) return 3.0;
  if (score >= 75) return 2.7;
  if (score >= 72) return 2.3;
  if (score >= 68) return 2.0;
  if (score >= 64) return 1.5;
  if (score >= 60) return 1.0;
  return 0;
}

/** The points a score earns, or null when it does not count for the GPA (a pass/fail word). */
export function pointsOf(score: Score): number | null {
  return typeof score === 'number' ? gradePoints(score) : GRADE_WORDS[score].points;
}

export function passed(score: Score): boolean {
  return typeof score === 'number' ? score >= 60 : GRADE_WORDS[score].passed;
}

export interface Totals {
  courses: number;
  /** Credits of every course taken (a retaken course counts each time it was taken). */
  credits: number;
  /** Credits of the courses passed, each course code once (a fail then a passed retake earns them once). */
  creditsEarned: number;
  /** Σ(points × credits) ÷ Σ credits over the courses with points, rounded to 2 decimals; 0 with none. */
  gpa: number;
}

export function totalsOf(courses: readonly CourseResult[]): Totals {
  const earned = new Map<string, number>();
  let weighted = 0;
  let gpaCredits = 0;
  for (const c of courses) {
    if (passed(c.score)) earned.set(c.code, Math.max(earned.get(c.code) ?? 0, c.credits));
    const points = pointsOf(c.score);
    if (points === null) continue;
    weighted += points * c.credits;
    gpaCredits += c.credits;
  }
  return {
    courses: courses.length,
    credits: courses.reduce((s, c) => s + c.credits, 0),
    creditsEarned: [...earned.values()].reduce((s, n) => s + n, 0),
    gpa: gpaCredits ? Math.round((weighted / gpaCredits) * 100) / 100 : 0,
  };
}
