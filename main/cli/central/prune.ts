/**
 * `estation central prune [--dry-run] [--keep-reports DAYS] [--keep-lookups DAYS] [--keep-heartbeats DAYS] [--data DIR] [--json]`:
 * the retention prune now, as the server's schedule runs it (central/store/retention.ts). Safe while
 * central serves: rows go in small transactions.
 */
import { droppedReports } from '../../../central/store/report-log.js';
import { prune } from '../../../central/store/retention.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';
import { parse, printLines } from '../args.js';
import { RETENTION_OPTIONS, retentionFromOptions } from './retention-options.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    ...RETENTION_OPTIONS,
  });
  const limits = retentionFromOptions(values);
  const store = await openCentralStore(values);
  try {
    const result = await prune(store.sql, limits, new Date(), { dryRun: values['dry-run'] ?? false, by: 'cli' });
    if (values.json) {
      printLines([JSON.stringify(result, null, 2)]);
      return 0;
    }
    const { counts } = result;
    // Terminals that sent reports for jobs they never had: broken or misused, worth a look.
    const dropped = (await droppedReports(store.sql)).map(
      (d) => `  ${d.terminalId} on ${d.day}: ${d.dropped} reports of jobs not its own were counted but not logged`,
    );
    const verb = result.dryRun ? 'Would delete' : 'Deleted';
    printLines([
      `${verb} ${counts.report_log} report log rows older than ${limits.reportLogDays} days, ${counts.report_log_unknown} daily counts of dropped reports, ${counts.card_lookups} card lookups older than ${limits.cardLookupDays} days, and ${counts.heartbeat_history} heartbeat history slots older than ${limits.heartbeatDays} days.`,
      result.dryRun
        ? 'Dry run: nothing was deleted. Run without --dry-run to prune.'
        : 'Documents, quotas, people and the audit are never pruned; this prune is recorded in prune_audit.',
      ...(dropped.length ? ['Reports about jobs a terminal never had, beyond what the log keeps:', ...dropped] : []),
    ]);
    return 0;
  } finally {
    await store.close();
  }
}
