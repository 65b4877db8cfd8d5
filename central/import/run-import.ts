/**
 * `estation central import`: a people file (JSON Lines, CSV or XLSX) and optionally its grades file
 * into a PeopleSink, in batches (one transaction each), resumable after a kill (checkpoint.ts).
 * Rows that fail are reported and skipped; the rest are imported. docs/import.md.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PeoplePreview, PeopleSink, UpsertResult } from '../people/people-sink.js';
import type { PersonRecord } from '../../shared/person-record.js';
import { CheckpointFile, checkpointKey, type SinkCounts } from './checkpoint.js';
import type { Encoding } from './encoding.js';

import { loadMapping } from './mapping.js';
import { openJsonLines, openTable, prepareFile } from './open-source.js';
import { ImportFileError, ProblemLog, type ImportProblem } from './problems.js';
import { stageGrades, type StagedGrades } from './read-grades.js';
import { jsonRows, tableRows } from './read-people.js';
import { checkDuplicates } from './duplicates.js';

export interface ImportOptions {
  file: string;
  grades?: string;
  mapping?: string;
  gradesMapping?: string;
  encoding?: Encoding;
  /**
   * Validate and report what an import would do; nothing is written (the sink is not called, no
   * checkpoint). The outcomes are predicted with `preview`, or, without one, as if nobody were stored.
   */
  dryRun?: boolean;
  /** A dry run's read of what central holds (central/store/people-preview.ts). */
  preview?: PeoplePreview;
  /** After a complete import, deactivate the people of the imported roles whom the file does not hold. */
  deactivateMissing?: boolean;
  /** Where the checkpoint of an interrupted import is kept (central's data folder); none: not resumable. */
  checkpointDir?: string;
  /** Records per sink call (one transaction each). */
  batchSize?: number;
}

export interface ImportReport {
  /** A dry run's counts are predictions: what the same import would answer now. */
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  rejected: number;
  /** Records that passed validation (what a dry run would send). */
  valid: number;
  problems: ImportProblem[];
  /** Problems beyond those listed. */
  moreProblems: number;
  /** Why --deactivate-missing did not deactivate anyone, when it did not. */
  deactivationRefused?: string;
  /** The row a resumed import continued after. */
  resumedAfterRow?: number;
}

export const DEFAULT_BATCH = 500;
/** Refusals of the sink kept word for word (in the checkpoint too); beyond, they are counted. */
const SINK_PROBLEMS_KEPT = 1000;

/**
 * Runs an import. `sink` may be a function that opens it: it is called only once the files have been
 * checked and a record is to be written, so a file refused whole leaves no trace (not even a database).
 */
export async function runImport(
  sinkOrOpen: PeopleSink | (() => PeopleSink) | undefined,
  opts: ImportOptions,
): Promise<ImportReport> {
  const dryRun = opts.dryRun ?? false;
  if (!dryRun && !sinkOrOpen) throw new Error('runImport needs a sink unless it is a dry run');
  let opened: PeopleSink | undefined;
  const sink = () => (opened ??= typeof sinkOrOpen === 'function' ? sinkOrOpen() : sinkOrOpen!);
  const problems = new ProblemLog();
  const people = await prepareFile(opts.file, opts.encoding);
  if (people.format === 'jsonl' && (opts.grades || opts.mapping))
    throw new ImportFileError({
      file: opts.file,
      message: 'a JSON Lines file holds canonical records with their courses: it takes no --mapping and no --grades',
    });
  const mapping = opts.mapping ? loadMapping(opts.mapping, 'people') : undefined;
  const gradesMapping = opts.gradesMapping ? loadMapping(opts.gradesMapping, 'grades') : undefined;
  if (gradesMapping && !opts.grades)
    throw new ImportFileError({ file: opts.gradesMapping!, message: '--grades-mapping needs --grades FILE' });
  const grades = opts.grades ? await prepareFile(opts.grades, opts.encoding) : undefined;

  const checkpoint =
    !dryRun && opts.checkpointDir
      ? new CheckpointFile(
          opts.checkpointDir,
          checkpointKey({
            people: people.sha256,
            grades: grades?.sha256,
            mapping: opts.mapping && readFileSync(opts.mapping, 'utf8'),
            gradesMapping: opts.gradesMapping && readFileSync(opts.gradesMapping, 'utf8'),
            encoding: [people.encoding, grades?.encoding],
          }),
        )
      : undefined;
  const resumed = checkpoint?.read();
  const counts: SinkCounts = resumed?.counts ?? { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const sinkProblems: ImportProblem[] = resumed?.sinkProblems ?? [];
  let sinkProblemsMore = resumed?.sinkProblemsMore ?? 0;
  let validationRejected = 0;
  let valid = 0;

  let staged: StagedGrades | undefined;
  try {
    // The people file's header is checked first: a missing column is said before minutes of staging.
    const rows =
      people.format === 'jsonl'
        ? jsonRows(people.file, openJsonLines(people))
        : tableRows(people.file, await openTable(people), mapping, () => staged);
    if (grades) staged = await stageGrades(grades.file, await openTable(grades), gradesMapping, problems);

    const seen = new Map<string, number>(); // id → its first row
    const cards = new Map<string, { id: string; row: number }>();
    const roles = new Set<PersonRecord['role']>();
    let idsUncertain = false;
    let batch: { row: number; record: PersonRecord }[] = [];

    const flush = async () => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      const records = sent.map((b) => b.record);
      const results: UpsertResult[] = !dryRun
        ? await sink().upsertPeople(records)
        : opts.preview
          ? await opts.preview.previewPeople(records)
          : records.map((r) => ({ id: r.id, outcome: 'created' as const }));
      results.forEach((r, i) => {
        counts[r.outcome]++;
        if (r.outcome === 'rejected' && sinkProblems.length >= SINK_PROBLEMS_KEPT) sinkProblemsMore++;
        else if (r.outcome === 'rejected')
          sinkProblems.push({
            file: people.file,
            row: sent[i]!.row,
            id: r.id,
            message: r.reason ?? 'refused by central',
          });
      });
      checkpoint?.write({ rowsDone: sent.at(-1)!.row, counts, sinkProblems, sinkProblemsMore });
    };

    try {
      for await (const r of rows) {
        checkDuplicates(r, people.file, seen, cards);
        if (r.id === undefined) idsUncertain = true;
        else if (!seen.has(r.id)) seen.set(r.id, r.row);
        if (!r.record || r.problems.length) {
          r.problems.forEach((p) => problems.add(p));
          validationRejected++;
          continue;
        }
        valid++;
        roles.add(r.record.role);
        if (resumed && r.row <= resumed.rowsDone) continue;
        batch.push({ row: r.row, record: r.record });
        if (batch.length >= (opts.batchSize ?? DEFAULT_BATCH)) await flush();
      }
    } catch (err) {
      // A file that turns unreadable halfway (a quote never closed): the batches before stay imported.
      const done = counts.created + counts.updated + counts.unchanged + counts.rejected;
      if (!(err instanceof ImportFileError) || dryRun || done === 0) throw err;
      throw new ImportFileError({
        ...err.problem,
        message: `${err.problem.message} (the ${done} records before it were imported; correct the file and import it again)`,
      });
    }
    await flush();

    if (staged)
      for (const u of staged.staging.unclaimed())
        problems.add({
          file: grades!.file,
          row: u.rows[0]!,
          id: u.studentId,
          message: `student ${u.studentId} is not in ${basename(people.file)}, so ${u.count === 1 ? 'this grade was' : `these ${u.count} grades (rows ${u.rows.join(', ')}${u.count > u.rows.length ? '...' : ''}) were`} not imported; grades are imported with their student's row`,
        });

    let deactivated = 0;
    let deactivationRefused: string | undefined;
    if (opts.deactivateMissing) {
      if (idsUncertain)
        deactivationRefused = `--deactivate-missing was not applied: some rows of ${basename(people.file)} have no valid id, so who is missing from the file is not certain. Fix those rows and import again.`;
      else if (!dryRun)
        for (const role of roles) deactivated += (await sink().deactivateMissing(new Set(seen.keys()), role)).length;
      else if (opts.preview)
        for (const role of roles)
          deactivated += (await opts.preview.previewDeactivation(new Set(seen.keys()), role)).length;
    }
    checkpoint?.done();
    sinkProblems.forEach((p) => problems.add(p));
    problems.more += sinkProblemsMore;
    return {
      dryRun,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      deactivated,
      rejected: counts.rejected + validationRejected,
      valid,
      problems: problems.kept,
      moreProblems: problems.more,
      ...(deactivationRefused ? { deactivationRefused } : {}),
      ...(resumed ? { resumedAfterRow: resumed.rowsDone } : {}),
    };
  } finally {
    staged?.staging.close();
  }
}
