/**
 * What an import found wrong, located the way an admin finds it again: the file, the row as Excel
 * numbers it (the header is row 1, the first data row is row 2), the column and the canonical field.
 */
import { basename } from 'node:path';

export interface ImportProblem {
  /** The file as given on the command line. */
  file: string;
  /** 1-based, the header counted (row 2 is the first record); absent for a problem with the whole file. */
  row?: number;
  /** The column as the file names it, when one is to blame. */
  column?: string;
  /** The canonical field (docs/data.md), when one is to blame. */
  field?: string;
  /** The person the row is about, when known. */
  id?: string;
  message: string;
}

/** One line per problem: `students.csv row 5, 入学日期 (entryDate): this day does not exist in the calendar`. */
export function formatProblem(p: ImportProblem): string {
  const where = [basename(p.file)];
  if (p.row !== undefined) where.push(`row ${p.row}`);
  const place = where.join(' ');
  // Without a mapping the column is named as its field: said once.
  const same = p.column && p.field && (p.column === p.field || p.column.startsWith(`${p.field}.`));
  const what = p.column && p.field && !same ? `${p.column} (${p.field})` : (p.column ?? p.field);
  return `${place}${what ? `, ${what}` : ''}: ${p.message}`;
}

/** A problem that stops a whole file from being read (an encoding that is not what it says, a missing column). */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(readonly problem: ImportProblem) {
    super(formatProblem(problem));
  }
}

/** Problems kept for the report: all of them up to a bound, then only counted (a wrong file has a million). */
export class ProblemLog {
  readonly kept: ImportProblem[] = [];
  more = 0;

  constructor(private readonly limit = 10_000) {}

  add(p: ImportProblem): void {
    if (this.kept.length < this.limit) this.kept.push(p);
    else this.more++;
  }

  get count(): number {
    return this.kept.length + this.more;
  }
}

/** A validation issue's words for an admin: an absent value says that it is missing. */
export function issueMessage(issue: { code: string; message: string }): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return 'is empty, and every record needs it';
  return issue.message;
}
