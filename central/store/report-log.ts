/**
 * The report log: every report a terminal sends, for audit (`report_log`). A report about a job
 * central never authorized for that terminal (`unknown_job`, `other_terminal`) changes nothing, and
 * a terminal could send them without end (issue #12, finding 11: the log grew without bound). Of
 * those, each terminal gets UNKNOWN_REPORT_ROWS_PER_DAY rows a day (UTC); beyond that they are only
 * counted, per terminal and day, in `report_log_unknown.dropped`, so the dashboard and the audit still
 * see that they came and how many. SqliteCentralStore.report() calls logReport(); nothing else writes
 * `report_log`.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { JobReport, ReportResult } from '../../shared/central-api.js';

/** Rows a terminal's reports about jobs that are not its own get in report_log per UTC day. */
export const UNKNOWN_REPORT_ROWS_PER_DAY = 200;
/** Reasons that mean "not a job of this terminal": nothing was changed and the log of them is capped. */
export const NOT_ITS_JOB: readonly string[] = ['unknown_job', 'other_terminal'];

/** Logs one report and what central answered (inside the report transaction). */
export async function logReport(
  db: Sql,
  terminalId: string,
  report: JobReport,
  result: ReportResult,
  receivedAt: string,
): Promise<void> {
  if (result.reason !== undefined && NOT_ITS_JOB.includes(result.reason)) {
    const day = receivedAt.slice(0, 10);
    const seen = (await db.get('SELECT stored FROM report_log_unknown WHERE terminal_id = ? AND day = ?', [
      terminalId,
      day,
    ])) as { stored: number } | undefined;
    const keep = (seen?.stored ?? 0) < UNKNOWN_REPORT_ROWS_PER_DAY;
    await db.run(
      `INSERT INTO report_log_unknown (terminal_id, day, stored, dropped) VALUES (?, ?, ?, ?)
       ON CONFLICT (terminal_id, day) DO UPDATE SET stored = report_log_unknown.stored + excluded.stored, dropped = report_log_unknown.dropped + excluded.dropped`,
      [terminalId, day, keep ? 1 : 0, keep ? 0 : 1],
    );
    if (!keep) return;
  }
  await db.run(
    'INSERT INTO report_log (job_id, terminal_id, received_at, outcome, result, reason) VALUES (?, ?, ?, ?, ?, ?)',
    [report.jobId, terminalId, receivedAt, report.outcome, result.result, result.reason ?? null],
  );
}

export interface DroppedReports {
  terminalId: string;
  day: string;
  /** Reports about jobs that were not the terminal's, logged in report_log that day. */
  stored: number;
  /** And those only counted, beyond UNKNOWN_REPORT_ROWS_PER_DAY. */
  dropped: number;
}

/** Terminals whose reports about jobs not their own were dropped from the log, newest day first. */
export async function droppedReports(db: Sql): Promise<DroppedReports[]> {
  return (await db.all(
    'SELECT terminal_id AS terminalId, day, stored, dropped FROM report_log_unknown WHERE dropped > 0 ORDER BY day DESC, terminal_id',
  )) as DroppedReports[];
}
