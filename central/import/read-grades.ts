/**
 * Stages a grades file (one course result per row, any order) by student id (grades-staging.ts),
 * through its mapping. A cell the mapping cannot read is reported here; the course itself is
 * validated once, with its student's record (read-people.ts). A wrong row keeps its student out of
 * this import: a transcript missing a course must never be printed.
 */
import { BoundMapping, identityMapping, type MappingFile } from './mapping.js';
import { GradesStaging } from './grades-staging.js';
import type { ProblemLog } from './problems.js';
import type { TableSource } from './table-row.js';

export interface StagedGrades {
  file: string;
  staging: GradesStaging;
  /** The grades file's column for a course field. */
  columnOf: (field: string) => string | undefined;
}

export async function stageGrades(
  file: string,
  table: TableSource,
  mapping: MappingFile | undefined,
  problems: ProblemLog,
): Promise<StagedGrades> {
  const bound = BoundMapping.bind(mapping ?? identityMapping('grades', table.header), file, table.header);
  const staging = new GradesStaging();
  try {
    for await (const row of table.rows) {
      const { value, problems: cellProblems } = bound.apply(row);
      const { id, ...course } = value as { id?: unknown };
      const studentId = typeof id === 'string' && id.trim() ? id.trim() : undefined;
      if (!studentId) {
        problems.add({
          file,
          row: row.row,
          column: bound.columnOf('id'),
          field: 'id',
          message: 'the student id is empty; the row was skipped',
        });
        continue;
      }
      cellProblems.forEach((p) => problems.add({ ...p, id: studentId }));
      staging.add(studentId, row.row, cellProblems.length === 0 ? course : null);
    }
    staging.finish();
    return { file, staging, columnOf: (field) => bound.columnOf(field) };
  } catch (err) {
    staging.close();
    throw err;
  }
}
