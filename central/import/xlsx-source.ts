/**
 * XLSX files, streamed with exceljs's WorkbookReader (the sheet's rows are parsed as they are
 * unzipped, never the whole workbook at once). The first worksheet is read; row 1 is the header.
 * Cells become text as the admin sees them: dates as YYYY-MM-DD, numbers without exponent.
 */
import ExcelJS from 'exceljs';
import { ImportFileError } from './problems.js';
import { isBlank, type TableRow, type TableSource } from './table-row.js';

export async function openXlsx(file: string): Promise<TableSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache', // a date cell is a number with a date format: the styles say which
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let rows: AsyncIterator<ExcelJS.Row>;
  let first: IteratorResult<ExcelJS.Row>;
  try {
    const sheets = reader[Symbol.asyncIterator]();
    const sheet = await sheets.next();
    if (sheet.done) throw new ImportFileError({ file, message: 'the workbook has no worksheet' });
    rows = sheet.value[Symbol.asyncIterator]();
    first = await rows.next();
  } catch (err) {
    throw asFileError(file, err);
  }
  if (first.done) throw new ImportFileError({ file, message: 'the first worksheet is empty: it needs a header row' });
  if (first.value.number !== 1)
    throw new ImportFileError({ file, message: 'the header must be row 1 of the first worksheet' });
  const header = valuesOf(first.value).map((h) => h.trim());
  return { header, rows: rowsOf(file, header, rows) };
}

async function* rowsOf(file: string, header: string[], rows: AsyncIterator<ExcelJS.Row>): AsyncGenerator<TableRow> {
  for (;;) {
    let next: IteratorResult<ExcelJS.Row>;
    try {
      next = await rows.next();
    } catch (err) {
      throw asFileError(file, err);
    }
    if (next.done) return;
    const values = valuesOf(next.value);
    if (!isBlank(values)) yield { row: next.value.number, values };
  }
}

/** The row's cells from column A on, as text. */
function valuesOf(row: ExcelJS.Row): string[] {
  const out: string[] = [];
  // row.values is 1-based (index 0 is empty) and sparse.
  const values = row.values as ExcelJS.CellValue[];
  for (let i = 1; i < values.length; i++) out.push(text(values[i]));
  return out;
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // Excel dates have no zone: exceljs reads them as UTC
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text; // a hyperlink
  if ('result' in v) return text((v.result ?? null) as ExcelJS.CellValue); // a formula: its last computed value
  if ('error' in v) return '';
  return '';
}

function asFileError(file: string, err: unknown): Error {
  if (err instanceof ImportFileError) return err;
  return new ImportFileError({ file, message: `not readable as an XLSX workbook: ${(err as Error).message}` });
}
