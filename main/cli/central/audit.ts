/**
 * `estation central audit [--from DATE] [--to DATE] [--actor X] [--action A] [--station ID] [--site S]
 * [--text T] [--format table|csv|xlsx|json] [--out FILE] [--limit N]`: central's audit (issue #18), newest
 * first, dates in the institution's timezone. Run on central's machine: every site's events.
 */
import { parseAuditQuery } from '../../../central/reports/audit-query.js';
import { auditTable } from '../../../central/reports/audit-table.js';
import { AUDIT_EXPORT_LIMIT } from '../../../central/store/audit.js';
import { institutionTimeZone } from '../../../central/store/institution.js';
import { intOption, parse, UsageError } from '../args.js';
import { formatOption, writeExport } from './export-output.js';
import { openCentralStore, STORE_OPTIONS } from './store-option.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
    station: { type: 'string' },
    site: { type: 'string' },
    text: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string' },
  });
  const format = formatOption(values.format);
  const limit =
    intOption(values.limit, 'limit', 1, AUDIT_EXPORT_LIMIT) ?? (format === 'table' ? 50 : AUDIT_EXPORT_LIMIT);
  const store = await openCentralStore(values);
  try {
    const timeZone = await institutionTimeZone(store.sql);
    const query = parseAuditQuery(values, timeZone);
    if (!query.ok) throw new UsageError(query.message.replace(/^The filter "(\w+)"/, '--$1'));
    const page = await store.searchAudit({ ...query.filter, scopeSites: null, limit });
    const where = await writeExport([auditTable(page.rows, timeZone)], format, values.out, page);
    const more =
      page.total > page.rows.length ? ` of ${page.total} (--limit N shows more, up to ${AUDIT_EXPORT_LIMIT})` : '';
    if (format === 'table' || values.out !== undefined)
      process.stderr.write(`${page.rows.length} audit events${more}, written to ${where}.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
