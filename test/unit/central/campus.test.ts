import { describe, expect, it } from 'vitest';
import { totalsOf } from '../../../central/people/grades.js';
import { generateCampus } from '../../../central/seed/campus.js';
import { PersonRecord, type StudentRecord } from '../../../shared/person-record.js';

/** The record without its ranking, which depends on who else is in the cohort (the campus's size). */
const unranked = (p: PersonRecord) => {
  if (p.role !== 'student') return p;
  const { ranking: _r, ...rest } = p;
  return rest;
};

describe('generateCampus', () => {
  const campus = generateCampus({ people: 2000, seed: 7 });

  it('makes valid canonical records with unique ids and cards, the same for the same seed', () => {
    for (const p of campus) expect(PersonRecord.safeParse(p).error).toBeUndefined();
    expect(new Set(campus.map((p) => p.id)).size).toBe(campus.length);
    const cards = campus.flatMap((p) => p.cards);
    expect(new Set(cards).size).toBe(cards.length);
    expect(generateCampus({ people: 50, seed: 7 }).map(unranked)).toEqual(campus.slice(0, 50).map(unranked));
    expect(generateCampus({ people: 50, seed: 8 }).map(unranked)).not.toEqual(campus.slice(0, 50).map(unranked));
    expect(generateCampus({ people: 300, seed: 7 })).toEqual(generateCampus({ people: 300, seed: 7 }));
  });

  it('has teachers, every student status, rare characters and 40 to 90 courses per student', () => {
    const students = campus.filter((p) => p.role === 'student');
    expect(campus.filter((p) => p.role === 'teacher').length).toBe(100);
    const statuses = new Set(students.map((s) => s.status));
    expect([...statuses].sort()).toEqual(['completed', 'enrolled', 'graduated', 'suspended', 'withdrawn']);
    expect(campus.some((p) => /䶮|𠮷/u.test(p.name.zh))).toBe(true);
    expect(new Set(students.map((s) => s.college.zh)).size).toBeGreaterThanOrEqual(5);
    for (const s of students) {
      const distinct = new Set(s.courses.filter((c) => !c.makeUp && !c.retake).map((c) => c.code));
      expect(distinct.size).toBeGreaterThanOrEqual(40);
      expect(distinct.size).toBeLessThanOrEqual(90);
    }
    // A failed course is followed by a make-up.
    expect(students.some((s) => s.courses.some((c) => c.makeUp))).toBe(true);
  });

  it('gives graduates their certificates, most students CET results and fees, and teachers titles and income', () => {
    const students = campus.filter((p): p is StudentRecord => p.role === 'student');
    for (const g of students.filter((s) => s.status === 'graduated')) {
      expect(g.graduationCertificateNo).toMatch(/^\d{18}$/);
      expect(g.degreeCertificateNo).toMatch(/^\d{16}$/);
      expect(g.degree).toBeDefined();
      expect(g.degreeDate).toBe(g.graduationDate);
    }
    const graduated = students.filter((s) => s.graduationCertificateNo);
    expect(new Set(graduated.map((s) => s.graduationCertificateNo)).size).toBe(graduated.length);
    // Most sat CET-4; some went on to CET-6, some never sat.
    const sat = students.filter((s) => s.languageTests?.length);
    expect(sat.length / students.length).toBeGreaterThan(0.8);
    expect(sat.some((s) => s.languageTests!.every((t) => t.test === 'CET4'))).toBe(true);
    expect(sat.some((s) => s.languageTests!.some((t) => t.test === 'CET6'))).toBe(true);
    expect(sat.every((s) => s.languageTests![0]!.test === 'CET4')).toBe(true);
    expect(sat.length).toBeLessThan(students.length);
    // A fee line per item and academic year from entry; a few leave the current year unpaid.
    for (const s of students) {
      const entry = Number(s.entryDate.slice(0, 4));
      expect(s.tuition![0]!.year).toBe(`${entry}-${entry + 1}`);
    }
    const unpaid = students.filter((s) => s.tuition!.some((t) => t.paidCents === 0));
    expect(unpaid.length).toBeGreaterThan(0);
    expect(unpaid.length / students.length).toBeLessThan(0.25);
    const teachers = campus.filter((p) => p.role === 'teacher');
    for (const t of teachers) {
      expect(t.titleHistory!.at(-1)!.title).toEqual(t.title);
      expect(t.titleHistory![0]!.date).toBe(t.hireDate);
      expect(t.income!.length).toBeGreaterThan(0);
    }
  });

  it('ranks every student not withdrawn by GPA within their major and entry year', () => {
    const students = campus.filter((p): p is StudentRecord => p.role === 'student');
    expect(students.filter((s) => s.status === 'withdrawn').every((s) => !s.ranking)).toBe(true);
    const cohorts = new Map<string, StudentRecord[]>();
    for (const s of students.filter((s) => s.ranking))
      cohorts.set(s.ranking!.scope.zh, [...(cohorts.get(s.ranking!.scope.zh) ?? []), s]);
    expect(cohorts.size).toBeGreaterThan(10);
    for (const [scope, cohort] of cohorts) {
      expect(scope).toBe(`${cohort[0]!.major!.zh}专业${cohort[0]!.entryDate.slice(0, 4)}级`);
      const gpas = cohort.map((s) => totalsOf(s.courses).gpa);
      cohort.forEach((s, k) => {
        expect(s.ranking!.of).toBe(cohort.length);
        expect(s.ranking!.rank).toBe(1 + gpas.filter((g) => g > gpas[k]!).length);
      });
    }
  });

  it('makes a students-only campus with a fixed number of courses for a benchmark', () => {
    const bench = generateCampus({ people: 200, seed: 1, teacherEvery: 0, courses: [50, 50], rankings: false });
    expect(bench.some((p) => p.role === 'student' && p.ranking)).toBe(false);
    expect(bench.every((p) => p.role === 'student')).toBe(true);
    for (const s of bench) {
      if (s.role !== 'student') continue;
      expect(new Set(s.courses.filter((c) => !c.makeUp && !c.retake).map((c) => c.code)).size).toBe(50);
    }
  });
});
