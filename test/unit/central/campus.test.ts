import { describe, expect, it } from 'vitest';
import { generateCampus } from '../../../central/seed/campus.js';
import { PersonRecord } from '../../../shared/person-record.js';

describe('generateCampus', () => {
  const campus = generateCampus({ people: 2000, seed: 7 });

  it('makes valid canonical records with unique ids and cards, the same for the same seed', () => {
    for (const p of campus) expect(PersonRecord.safeParse(p).error).toBeUndefined();
    expect(new Set(campus.map((p) => p.id)).size).toBe(campus.length);
    const cards = campus.flatMap((p) => p.cards);
    expect(new Set(cards).size).toBe(cards.length);
    expect(generateCampus({ people: 50, seed: 7 })).toEqual(campus.slice(0, 50));
    expect(generateCampus({ people: 50, seed: 8 })).not.toEqual(campus.slice(0, 50));
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

  it('makes a students-only campus with a fixed number of courses for a benchmark', () => {
    const bench = generateCampus({ people: 200, seed: 1, teacherEvery: 0, courses: [50, 50] });
    expect(bench.every((p) => p.role === 'student')).toBe(true);
    for (const s of bench) {
      if (s.role !== 'student') continue;
      expect(new Set(s.courses.filter((c) => !c.makeUp && !c.retake).map((c) => c.code)).size).toBe(50);
    }
  });
});
