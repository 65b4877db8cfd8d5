/** What the import prints: the problems, one per line, then the summary line (docs/import.md). */
import { formatProblem } from './problems.js';
import type { ImportReport } from './run-import.js';

/** `created 0, updated 0, unchanged 300, deactivated 0, rejected 0` */
export const summaryLine = (r: ImportReport) =>
  `created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, deactivated ${r.deactivated}, rejected ${r.rejected}`;

export function reportLines(r: ImportReport): string[] {
  const lines = r.problems.map(formatProblem);
  if (r.moreProblems) lines.push(`... and ${r.moreProblems} more problems`);
  if (r.resumedAfterRow !== undefined)
    lines.push(`resumed an interrupted import of the same files after row ${r.resumedAfterRow}`);
  if (r.deactivationRefused) lines.push(r.deactivationRefused);
  // A dry run's counts are what the same import would answer now (the sink's answers predicted).
  lines.push(
    r.dryRun
      ? `dry run, nothing written: ${r.valid} records valid; importing would give ${summaryLine(r)}`
      : summaryLine(r),
  );
  return lines;
}
