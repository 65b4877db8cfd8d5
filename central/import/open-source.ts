/** Which reader a file needs, by its extension, and its hash and encoding (encoding.ts). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { openCsv } from './csv-source.js';
import { chooseEncoding, scanFile, type Encoding } from './encoding.js';
import { readJsonLines, type JsonLine } from './jsonl-source.js';
import { ImportFileError } from './problems.js';
import type { TableSource } from './table-row.js';
import { openXlsx } from './xlsx-source.js';

export type FileFormat = 'csv' | 'xlsx' | 'jsonl';

export function formatOf(file: string): FileFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new ImportFileError({
    file,
    message:
      ext === '.xls'
        ? 'old Excel files (.xls) cannot be read: save the sheet as .xlsx or as CSV'
        : 'name the file .csv, .xlsx or .jsonl (JSON Lines) so it can be read',
  });
}

export interface PreparedFile {
  file: string;
  format: FileFormat;
  sha256: string;
  encoding?: Encoding;
}

/** One pass over the file before reading it: its hash, and for text files the encoding to read it in. */
export async function prepareFile(file: string, asked: Encoding | undefined): Promise<PreparedFile> {
  const format = formatOf(file);
  try {
    if (format === 'xlsx') return { file, format, sha256: await sha256Of(file) };
    const scan = await scanFile(file);
    return { file, format, sha256: scan.sha256, encoding: chooseEncoding(file, scan, asked) };
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportFileError({
      file,
      message:
        code === 'ENOENT'
          ? 'there is no such file: check its name and folder'
          : `cannot be read: ${(err as Error).message}`,
    });
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export function openTable(f: PreparedFile): Promise<TableSource> {
  if (f.format === 'xlsx') return openXlsx(f.file);
  if (f.format === 'csv') return openCsv(f.file, f.encoding!);
  throw new ImportFileError({ file: f.file, message: 'a JSON Lines file holds canonical records, not a table' });
}

export function openJsonLines(f: PreparedFile): AsyncIterable<JsonLine> {
  return readJsonLines(f.file, f.encoding!);
}
