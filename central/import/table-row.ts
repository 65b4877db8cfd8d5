/** A row of a CSV or XLSX file: its number as Excel shows it and its cells in the header's order. */
export interface TableRow {
  /** 1-based, the header counted: the first record is row 2. */
  row: number;
  /** The cells as text, column by column as in the header ('' or absent when empty). */
  values: readonly string[];
}

/** A table file read row by row: the header, then its records, never the whole file at once. */
export interface TableSource {
  header: string[];
  rows: AsyncIterable<TableRow>;
}

export const isBlank = (values: readonly string[]) => values.every((v) => v.trim() === '');
