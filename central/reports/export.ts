/**
 * Reports and the audit as files: XLSX (one sheet per table) and CSV (the tables one after another, each
 * under its title), both written by ExcelJS (its CSV writer is fast-csv: quoting of commas, quotes and line
 * breaks is theirs).
 */
import ExcelJS from 'exceljs';
import type { Cell, ReportTable } from './table.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first)
 * gets a leading apostrophe: a reason or a single sign-on user name is typed by someone else, and the
 * person opening the export must not run what they typed (CSV/formula injection).
 */
export function inert(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], and distinct. */
const sheetName = (title: string, i: number) => `${i + 1} ${title.replace(/[:\\/?*[\]]/g, ' ')}`.slice(0, 31);

export async function toXlsx(tables: readonly ReportTable[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  tables.forEach((t, i) => {
    const sheet = book.addWorksheet(sheetName(t.title, i));
    sheet.addRow([...t.columns]).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r.map(inert));
    sheet.columns.forEach((c) => (c.width = 18));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function toCsv(tables: readonly ReportTable[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('report');
  tables.forEach((t, i) => {
    if (tables.length > 1) {
      if (i > 0) sheet.addRow([]);
      sheet.addRow([t.title]);
    }
    sheet.addRow([...t.columns]);
    for (const r of t.rows) sheet.addRow(r.map(inert));
  });
  // With a byte-order mark: Excel on Windows opens a CSV without one in the local code page (GBK on a
  // Chinese system) and shows UTF-8 Chinese as mojibake; with it, Excel reads UTF-8.
  return Buffer.from(await book.csv.writeBuffer({ formatterOptions: { writeBOM: true } }));
}

export function exportTables(tables: readonly ReportTable[], format: ExportFormat): Promise<Buffer> {
  return format === 'xlsx' ? toXlsx(tables) : toCsv(tables);
}
