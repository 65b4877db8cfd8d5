/**
 * `estation central report --month YYYY-MM [--site S] [--format table|csv|xlsx|json] [--out FILE]`: the
 * month's documents printed, fees and refunds, and jobs that needed attention (issue #18), the month in
 * the institution's timezone (central/reports/monthly.ts). Run on central's machine: every site, or one.
 */
import { monthlyReport, monthProblem } from '../../../central/reports/monthly.js';
import { SITE_PATTERN } from '../../../central/domain/staff-scope.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { parse, UsageError } from '../args.js';
import { formatOption, writeExport } from './export-output.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    month: { type: 'string' },
    site: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.month === undefined) throw new UsageError('report needs --month YYYY-MM, for example --month 2026-03');
  const problem = monthProblem(values.month);
  if (problem) throw new UsageError(`--month ${problem}`);
  if (values.site !== undefined && !SITE_PATTERN.test(values.site))
    throw new UsageError(`--site ${values.site}: a site is a path such as qianfoshan/library`);
  const format = formatOption(values.format);
  const store = await openCentralStore(values);
  try {
    const timeZone = await institutionTimeZone(store.sql);
    const report = await monthlyReport(store, values.month, timeZone, values.site ? [values.site] : null);
    const where = await writeExport(report.tables, format, values.out, report);
    if (values.out !== undefined)
      process.stderr.write(`The report for ${report.month} (${timeZone}) is written to ${where}.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
