/**
 * Where `estation central audit` and `estation central report` put what they export: a file named by
 * --out (readable by its owner only: it names staff and what they did; an existing file is never
 * overwritten), or standard output for text formats.
 */
import { writeFileSync } from 'node:fs';
import { EXPORT_FORMATS, exportTables, type ExportFormat } from '../../../central/reports/export.js';
import type { ReportTable } from '../../../central/reports/table.js';
import { UsageError } from '../args.js';

export const OUTPUT_FORMATS = ['table', ...EXPORT_FORMATS, 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatOption(value: string | undefined): OutputFormat {
  const format = value ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${format}: choose one of ${OUTPUT_FORMATS.join(', ')}`);
  return format as OutputFormat;
}

/** The tables as aligned text, for reading in a terminal. */
export function textTables(tables: readonly ReportTable[]): string {
  return tables
    .map((t) => {
      const rows = [t.columns, ...t.rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
      const widths = t.columns.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
      const lines = rows.map((r) =>
        r
          .map((c, i) => String(c ?? '').padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
      return [`${t.title}${t.rows.length ? '' : ': none'}`, ...(t.rows.length ? lines : [])].join('\n');
    })
    .join('\n\n');
}

/** Writes `tables` as `format` to `out` (or standard output); `json` is written as given. Returns where it went. */
export async function writeExport(
  tables: readonly ReportTable[],
  format: OutputFormat,
  out: string | undefined,
  json: unknown,
): Promise<string> {
  const body: Buffer =
    format === 'json'
      ? Buffer.from(`${JSON.stringify(json, null, 2)}\n`)
      : format === 'table'
        ? Buffer.from(`${textTables(tables)}\n`)
        : await exportTables(tables, format as ExportFormat);
  if (out === undefined) {
    if (format === 'xlsx') throw new UsageError('--format xlsx needs --out FILE.xlsx (a spreadsheet is not text)');
    process.stdout.write(body);
    return 'standard output';
  }
  try {
    writeFileSync(out, body, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`--out ${out} exists already: give a new file name (nothing was overwritten)`);
    throw err;
  }
  return out;
}
