/**
 * Grades arrive as their own file, one row per course result, in any order: 1.5 million rows for a
 * large university. They are staged in a temporary SQLite file keyed by student id, so that each
 * student's courses are fetched when their row of the students file comes, without holding every
 * grade in memory. The file is scratch: it is removed when the import ends, killed or not (a re-run
 * stages again).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Rows per transaction while staging: large enough to be fast, small enough to stay small. */
const STAGE_BATCH = 5000;

export class GradesStaging {
  private readonly dir = mkdtempSync(join(tmpdir(), 'estation-import-'));
  private readonly db = new Database(join(this.dir, 'grades.sqlite'));
  private pending: [string, number, string | null][] = [];
  private readonly insert;
  private readonly select;
  /** Students whose courses were taken; written to the file only for `unclaimed`, in one transaction. */
  private readonly seen = new Set<string>();

  constructor() {
    // Scratch data: losing it in a crash costs a re-run, never a wrong import.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE staged (student_id TEXT NOT NULL, row INTEGER NOT NULL, course TEXT);
      CREATE TABLE grades (student_id TEXT NOT NULL, row INTEGER NOT NULL, course TEXT, PRIMARY KEY (student_id, row)) WITHOUT ROWID;
      CREATE TABLE seen (student_id TEXT PRIMARY KEY);
    `);
    this.insert = this.db.prepare('INSERT INTO staged (student_id, row, course) VALUES (?, ?, ?)');
    // One result per student, its rows and courses joined in file order: 30,000 steps instead of 1.5 million.
    this.select = this.db.prepare<[string], { rows: string | null; courses: string | null }>(
      `SELECT group_concat(row, ',' ORDER BY row) AS rows,
              '[' || group_concat(coalesce(course, 'null'), ',' ORDER BY row) || ']' AS courses
       FROM grades WHERE student_id = ?`,
    );
  }

  /** A grades row as its mapping read it (not yet validated); null when a cell was wrong. */
  add(studentId: string, row: number, course: object | null): void {
    this.pending.push([studentId, row, course && JSON.stringify(course)]);
    if (this.pending.length >= STAGE_BATCH) this.flush();
  }

  /**
   * Ends staging: the rows, appended in file order, are copied sorted by student into a table
   * clustered by student, so that a student's courses are neighbours on disk (one read, not fifty).
   */
  finish(): void {
    this.flush();
    this.db.exec('INSERT INTO grades SELECT * FROM staged ORDER BY student_id, row; DROP TABLE staged;');
  }

  /** A student's courses in file order, and the rows of theirs that were wrong. */
  take(studentId: string): { courses: unknown[]; rows: number[]; badRows: number[] } {
    this.seen.add(studentId);
    const courses: unknown[] = [];
    const rows: number[] = [];
    const badRows: number[] = [];
    const got = this.select.get(studentId);
    if (!got?.rows) return { courses, rows, badRows };
    const all = JSON.parse(got.courses!) as unknown[];
    got.rows.split(',').forEach((r, i) => {
      if (all[i] === null) badRows.push(Number(r));
      else {
        courses.push(all[i]);
        rows.push(Number(r));
      }
    });
    return { courses, rows, badRows };
  }

  /** Students with grades but no row in the students file: their first rows and how many. */
  *unclaimed(): Iterable<{ studentId: string; rows: number[]; count: number }> {
    const ins = this.db.prepare('INSERT OR IGNORE INTO seen VALUES (?)');
    this.db.transaction(() => this.seen.forEach((id) => ins.run(id)))();
    const q = this.db.prepare<[], { student_id: string; rows: string; n: number }>(`
      SELECT student_id, group_concat(row) AS rows, COUNT(*) AS n FROM
        (SELECT student_id, row FROM grades WHERE student_id NOT IN (SELECT student_id FROM seen) ORDER BY row)
      GROUP BY student_id ORDER BY MIN(row)`);
    for (const r of q.iterate())
      yield { studentId: r.student_id, rows: r.rows.split(',').slice(0, 5).map(Number), count: r.n };
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => rows.forEach((r) => this.insert.run(...r)))();
  }
}
