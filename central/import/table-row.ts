/** A row of a CSV or XLSX file: its number as Excel shows it and its cells by column name. */
export interface TableRow {
  /** 1-based, the header counted: the first record is row 2. */
  row: number;
  /** Every cell as text, trimmed, by the header's name for its column ('' when empty). */
  cells: ReadonlyMap<string, string>;
}

/** A table file read row by row: the header, then its records, never the whole file at once. */
export interface TableSource {
  header: string[];
  rows: AsyncIterable<TableRow>;
}

/** Cells by header name; the first of two columns with the same name wins (a second is an export artefact). */
export function cellsOf(header: readonly string[], values: readonly string[]): Map<string, string> {
  const cells = new Map<string, string>();
  header.forEach((name, i) => {
    if (name && !cells.has(name)) cells.set(name, (values[i] ?? '').trim());
  });
  return cells;
}

export const isBlank = (values: readonly string[]) => values.every((v) => v.trim() === '');
