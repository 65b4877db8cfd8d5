/**
 * `estation central report --month YYYY-MM` and the dashboard's Reports page (issue #18): a month in the
 * institution's timezone (a document printed at 07:30 in Beijing on 1 March belongs to March, though it is
 * still February in UTC), laid out as tables (central/reports/table.ts).
 */
import { zonedHour } from '../domain/working-day.js';
import type { SiteScope } from '../store/monthly-report.js';
import type { CentralStore } from '../store/types.js';
import type { Cell, ReportTable } from './table.js';

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Why `month` is not a month central can report on, or null. */
export function monthProblem(month: string): string | null {
  return MONTH_PATTERN.test(month) ? null : `"${month}" is not a month: give it as YYYY-MM, for example 2026-03`;
}

/** The month's first and next month's first instants (UTC ISO) in `timeZone`. */
export function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  const [, y, m] = MONTH_PATTERN.exec(month)!.map(Number) as [number, number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: zonedHour(`${month}-01`, 0, timeZone).toISOString(),
    to: zonedHour(`${next}-01`, 0, timeZone).toISOString(),
  };
}

/** The month before the one `now` is in, in `timeZone` (what a report on the 1st is about). */
export function previousMonth(now: Date, timeZone: string): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const yuan = (cents: number) => Math.round(cents) / 100;
const NO_SITE = '(no site)';

export interface MonthlyReport {
  month: string;
  timeZone: string;
  from: string;
  to: string;
  tables: ReportTable[];
}

/** The month's report for the stations `scope` sees (null: every station). */
export async function monthlyReport(
  store: Pick<CentralStore, 'monthFigures' | 'kinds'>,
  month: string,
  timeZone: string,
  scope: SiteScope,
): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month, timeZone);
  const f = await store.monthFigures(from, to, scope);
  const titles = new Map((await store.kinds()).map((k) => [k.definition.id, k.definition.title]));
  const kindName = (id: string) => {
    const t = titles.get(id);
    return t ? `${t.zh} / ${t.en}` : id;
  };
  const total = (rows: Cell[][], from: number): Cell[] =>
    rows[0]!.slice(from).map((_, i) => rows.reduce((sum, r) => sum + Number(r[from + i] ?? 0), 0));
  const withTotal = (rows: Cell[][], labels: number): Cell[][] =>
    rows.length ? [...rows, ['Total', ...Array<Cell>(labels - 1).fill(''), ...total(rows, labels)]] : rows;

  const printed = f.printed.map((r): Cell[] => [
    r.site ?? NO_SITE,
    r.terminalId,
    r.kind,
    kindName(r.kind),
    r.language,
    r.documents,
    r.copies,
    r.pages,
  ]);
  const payments = f.payments.map((r): Cell[] => [
    r.site ?? NO_SITE,
    r.terminalId,
    r.kind,
    r.kind ? kindName(r.kind) : '',
    r.captured,
    yuan(r.capturedCents),
    r.refunded,
    yuan(r.refundedCents),
    yuan(r.capturedCents - r.refundedCents),
  ]);
  const attention = f.attention.map((r): Cell[] => [
    r.site ?? NO_SITE,
    r.terminalId,
    r.failed,
    r.cancelled,
    r.unreported,
    r.reprints,
  ]);
  return {
    month,
    timeZone,
    from,
    to,
    tables: [
      {
        title: 'Documents printed',
        columns: ['Site', 'Station', 'Kind', 'Kind name', 'Language', 'Documents', 'Copies', 'Pages'],
        rows: withTotal(printed, 5),
      },
      {
        title: 'Fees and refunds',
        columns: [
          'Site',
          'Station',
          'Kind',
          'Kind name',
          'Fees collected',
          'Collected (CNY)',
          'Refunds',
          'Refunded (CNY)',
          'Net (CNY)',
        ],
        rows: withTotal(payments, 4),
      },
      {
        title: 'Jobs that needed attention',
        columns: ['Site', 'Station', 'Failed', 'Cancelled', 'Never reported', 'Staff reprints'],
        rows: withTotal(attention, 2),
      },
    ],
  };
}
