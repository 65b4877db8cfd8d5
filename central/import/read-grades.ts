/**
 * Stages a grades file (one course result per row, any order) by student id (grades-staging.ts),
 * validating each row as a course result. A wrong row is reported here and keeps its student out of
 * this import: a transcript missing a course must never be printed.
 */
import { CourseResult } from '../../shared/person-record.js';
import { BoundMapping, identityMapping, type MappingFile } from './mapping.js';
import { GradesStaging } from './grades-staging.js';
import { issueMessage, type ProblemLog } from './problems.js';
import type { TableSource } from './table-row.js';

export async function stageGrades(
  file: string,
  table: TableSource,
  mapping: MappingFile | undefined,
  problems: ProblemLog,
): Promise<GradesStaging> {
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
      const parsed = CourseResult.safeParse(course);
      if (!parsed.success)
        for (const issue of parsed.error.issues) {
          const field = issue.path.map(String).join('.');
          problems.add({
            file,
            row: row.row,
            column: bound.columnOf(field),
            field,
            id: studentId,
            message: issueMessage(issue),
          });
        }
      staging.add(studentId, row.row, cellProblems.length === 0 && parsed.success ? parsed.data : null);
    }
    staging.finish();
    return staging;
  } catch (err) {
    staging.close();
    throw err;
  }
}
