/**
 * The audit as a table (central/reports/table.ts) for the dashboard's export and `estation central audit`:
 * times in the institution's timezone, as staff read them; the detail as JSON.
 */
import { localDateTime } from '../../shared/local-date.js';
import type { AuditRecord } from '../store/audit.js';
import type { ReportTable } from './table.js';

export const AUDIT_COLUMNS = ['Time', 'Actor', 'Action', 'Outcome', 'Station', 'Site', 'Target', 'Reason', 'Detail'];

export function auditTable(rows: readonly AuditRecord[], timeZone: string): ReportTable {
  return {
    title: 'Audit',
    columns: AUDIT_COLUMNS.map((c) => (c === 'Time' ? `Time (${timeZone})` : c)),
    rows: rows.map((r) => [
      localDateTime(r.at, timeZone),
      r.actor,
      r.action,
      r.outcome,
      r.terminalId ?? '',
      r.site ?? '',
      r.target ?? '',
      r.reason ?? '',
      Object.keys(r.detail).length ? JSON.stringify(r.detail) : '',
    ]),
  };
}
