/**
 * The records of a people file, one at a time, validated: JSON Lines give canonical records; CSV and
 * XLSX rows go through their mapping and take their courses from the staged grades. Problems that
 * concern only one file are found here: a missing or wrong id, the same id or card on two rows, a
 * cell or field that is wrong, grades that are wrong.
 */
import { basename } from 'node:path';
import { PersonRecord } from '../../shared/person-record.js';
import type { JsonLine } from './jsonl-source.js';
import { BoundMapping, identityMapping, type MappingFile } from './mapping.js';
import { issueMessage, type ImportProblem } from './problems.js';
import type { StagedGrades } from './read-grades.js';
import type { TableSource } from './table-row.js';

export interface PersonRow {
  row: number;
  /** The row's id when it is a valid one (its person is then "in the source", imported or not). */
  id?: string;
  record?: PersonRecord;
  problems: ImportProblem[];
}

const ID = PersonRecord.options[0].shape.id;

/**
 * A people table (CSV, XLSX) through its mapping, with the courses its grades file holds. The mapping
 * is bound to the header at once, so a missing column stops the import before the grades are staged.
 */
export function tableRows(
  file: string,
  table: TableSource,
  mapping: MappingFile | undefined,
  grades: () => StagedGrades | undefined,
): AsyncGenerator<PersonRow> {
  const bound = BoundMapping.bind(mapping ?? identityMapping('people', table.header), file, table.header);
  return rowsThrough(file, table, bound, grades);
}

async function* rowsThrough(
  file: string,
  table: TableSource,
  bound: BoundMapping,
  staged: () => StagedGrades | undefined,
): AsyncGenerator<PersonRow> {
  const grades = staged();
  for await (const row of table.rows) {
    const { value, problems } = bound.apply(row);
    if (!grades || typeof value.id !== 'string') {
      yield validate(file, row.row, value, problems, (field) => bound.columnOf(field));
      continue;
    }
    const { courses, rows, badRows } = grades.staging.take(value.id);
    value.courses = courses;
    const person = validate(file, row.row, value, problems, (field) => bound.columnOf(field));
    // A course's problem belongs to its row of the grades file; the student's row says why it was skipped.
    const courseProblems = person.problems.filter((p) => p.field?.startsWith('courses.'));
    for (const p of courseProblems) {
      const [, n, ...rest] = p.field!.split('.');
      const field = rest.join('.');
      const at = rows[Number(n)];
      if (at !== undefined) badRows.push(at);
      Object.assign(p, { file: grades.file, row: at, field: field || undefined, column: grades.columnOf(field) });
    }
    if (badRows.length) {
      const bad = [...new Set(badRows)].sort((a, b) => a - b);
      person.problems.push({
        file,
        row: row.row,
        id: value.id,
        message: `not imported: ${basename(grades.file)} row${bad.length > 1 ? 's' : ''} ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? '...' : ''} of this student ${bad.length > 1 ? 'are' : 'is'} wrong (see there), and a transcript must not miss a course`,
      });
      delete person.record;
    }
    yield person;
  }
}

/** A JSON Lines file: one canonical record per line. */
export async function* jsonRows(file: string, lines: AsyncIterable<JsonLine>): AsyncGenerator<PersonRow> {
  for await (const line of lines) {
    if ('error' in line) yield { row: line.row, problems: [{ file, row: line.row, message: line.error }] };
    else if (typeof line.value !== 'object' || line.value === null || Array.isArray(line.value))
      yield {
        row: line.row,
        problems: [{ file, row: line.row, message: 'each line must be one record, a JSON object' }],
      };
    else yield validate(file, line.row, line.value as Record<string, unknown>, [], () => undefined);
  }
}

function validate(
  file: string,
  row: number,
  value: Record<string, unknown>,
  problems: ImportProblem[],
  columnOf: (field: string) => string | undefined,
): PersonRow {
  const idParsed = ID.safeParse(value.id);
  const id = idParsed.success ? idParsed.data : undefined;
  const parsed = PersonRecord.safeParse(value);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      // A cell problem already explains its field; the schema's words for the same field add nothing.
      if (problems.some((p) => p.field === field || p.field?.startsWith(`${field}.`))) continue;
      problems.push({
        file,
        row,
        ...withColumn(columnOf(field.split('.').slice(0, 2).join('.')) ?? columnOf(field.split('.')[0]!)),
        field: field || undefined,
        ...(id ? { id } : {}),
        message: issueMessage(issue),
      });
    }
  return {
    row,
    ...(id ? { id } : {}),
    ...(problems.length === 0 && parsed.success ? { record: parsed.data } : {}),
    problems: problems.map((p) => (id && !p.id ? { ...p, id } : p)),
  };
}

const withColumn = (column: string | undefined) => (column ? { column } : {});
