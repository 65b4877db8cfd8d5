/**
 * CSV files, streamed: bytes are decoded (UTF-8 or GB18030, encoding.ts) and parsed by csv-parse,
 * one record at a time. Empty lines count as rows (Excel shows them) but yield nothing.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { decoder, type Encoding } from './encoding.js';
import { ImportFileError } from './problems.js';
import { isBlank, type TableRow, type TableSource } from './table-row.js';

export async function openCsv(file: string, encoding: Encoding): Promise<TableSource> {
  const parser = parse({ bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
  // pipeline ends the parser with an earlier stream's error (a byte the encoding does not have), so
  // reading the records throws it; the callback only keeps Node from reporting it a second time.
  pipeline(createReadStream(file), decoder(file, encoding), parser, () => {});
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let first: IteratorResult<string[]>;
  try {
    first = await records.next();
  } catch (err) {
    throw asFileError(file, err);
  }
  if (first.done) throw new ImportFileError({ file, message: 'the file is empty: it needs a header row' });
  const header = first.value.map((h) => h.trim());
  return { header, rows: rowsOf(file, header, records) };
}

async function* rowsOf(file: string, header: string[], records: AsyncIterator<string[]>): AsyncGenerator<TableRow> {
  let row = 1;
  for (;;) {
    let next: IteratorResult<string[]>;
    try {
      next = await records.next();
    } catch (err) {
      throw asFileError(file, err, row + 1);
    }
    if (next.done) return;
    row++;
    if (!isBlank(next.value)) yield { row, values: next.value };
  }
}

function asFileError(file: string, err: unknown, row?: number): Error {
  if (err instanceof ImportFileError) return err;
  return new ImportFileError({
    file,
    ...(row === undefined ? {} : { row }),
    message: `not readable as CSV: ${(err as Error).message}`,
  });
}
