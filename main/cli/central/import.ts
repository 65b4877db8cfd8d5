/**
 * `estation central import FILE [--grades FILE] ...`: people (and their grades) from JSON Lines, CSV
 * or XLSX into central's database (central/import, docs/import.md). Prints the problems, one per
 * line (file, row as Excel numbers it, column, what is wrong), then the summary line; exit code 1
 * when there were problems, 0 when none.
 */
import { resolve } from 'node:path';
import type { PeopleSink } from '../../../central/people/people-sink.js';
import { ENCODINGS, parseEncoding } from '../../../central/import/encoding.js';
import { ImportFileError } from '../../../central/import/problems.js';
import { mappingPath } from '../../../central/import/shipped-mappings.js';
import { reportLines } from '../../../central/import/report.js';
import { runImport, type ImportReport } from '../../../central/import/run-import.js';
import {
  openPeoplePreview,
  openPgPeoplePreview,
  type ClosablePeoplePreview,
} from '../../../central/store/people-preview.js';
import { PgCentralStore } from '../../../central/store/pg/pg-store.js';
import type { SqlCentralStore } from '../../../central/store/sql-store.js';
import { databaseUrl, STORE_OPTIONS } from './store-option.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { parse, printLines, UsageError } from '../args.js';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...STORE_OPTIONS,
      grades: { type: 'string' },
      mapping: { type: 'string' },
      'grades-mapping': { type: 'string' },
      encoding: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'deactivate-missing': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('import needs the people file: a .csv, .xlsx or .jsonl (JSON Lines) file');
  if (extra.length)
    throw new UsageError(`import takes one people file; give grades with --grades FILE, not "${extra[0]}"`);
  const encoding = values.encoding === undefined ? undefined : parseEncoding(values.encoding);
  if (values.encoding !== undefined && !encoding)
    throw new UsageError(`--encoding ${values.encoding}: give one of ${ENCODINGS.join(', ')}`);
  // The import's checkpoints live in the data folder, also when the people go to PostgreSQL.
  const dataDir = resolve(values.data ?? '.data/central');
  const url = databaseUrl({ database: values.database });
  const dryRun = values['dry-run'] ?? false;

  // The database is opened only when there is something to write: a dry run, or a file refused
  // whole, must not even create one.
  let store: SqlCentralStore | undefined;
  let opening: Promise<SqlCentralStore> | undefined;
  // A dry run reads the database, if there is one, without writing (its counts are predictions).
  let preview: ClosablePeoplePreview | undefined;
  const openSink = (): PeopleSink => {
    if (!url) return (store = new SqliteCentralStore(resolve(dataDir, 'central.sqlite')));
    // PostgreSQL opens asynchronously: the sink opens it at its first call.
    const pg = () => (opening ??= PgCentralStore.open(url).then((s) => (store = s)));
    return {
      upsertPeople: async (records) => (await pg()).upsertPeople(records),
      deactivateMissing: async (seen, role) => (await pg()).deactivateMissing(seen, role),
    };
  };
  let report: ImportReport;
  try {
    const mapping = values.mapping && mappingPath(values.mapping);
    const gradesMapping = values['grades-mapping'] && mappingPath(values['grades-mapping']);
    if (dryRun)
      preview = url ? await openPgPeoplePreview(url) : await openPeoplePreview(resolve(dataDir, 'central.sqlite'));
    report = await runImport(dryRun ? undefined : openSink, {
      file,
      ...(values.grades ? { grades: values.grades } : {}),
      ...(mapping ? { mapping } : {}),
      ...(gradesMapping ? { gradesMapping } : {}),
      ...(encoding ? { encoding } : {}),
      dryRun,
      ...(preview ? { preview } : {}),
      deactivateMissing: values['deactivate-missing'] ?? false,
      checkpointDir: dataDir,
    });
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    if (values.json) printLines([JSON.stringify({ error: err.problem })]);
    else process.stderr.write(`estation central import: ${err.message}\n`);
    return 1;
  } finally {
    await store?.close();
    await preview?.close();
  }
  if (values.json) printLines([JSON.stringify(report)]);
  else printLines(reportLines(report));
  return report.problems.length || report.deactivationRefused ? 1 : 0;
}
