/**
 * A report as tables (title, column headings, rows): one shape for the dashboard's pages, CSV and XLSX
 * (central/reports/export.ts), so each report is laid out once.
 */
export type Cell = string | number | null;

export interface ReportTable {
  /** The sheet's name in XLSX (at most 31 characters) and the section's heading in CSV and on the page. */
  title: string;
  columns: readonly string[];
  rows: Cell[][];
}
