/**
 * The dashboard's reports page, `/staff/reports?month=YYYY-MM` (issue #18): the month's tables
 * (central/reports/monthly.ts) for the stations the reader's role covers, with the same as CSV and XLSX.
 */
import type { MonthlyReport } from '../reports/monthly.js';
import type { ReportTable } from '../reports/table.js';
import { bi, esc, page } from './html.js';
import type { StaffMember } from './sessions.js';
import { staffBar } from './staff-nav.js';
import { TABLE_CSS } from './station-table-html.js';

const TITLES: Record<string, string> = {
  'Documents printed': '打印文件',
  'Fees and refunds': '收费与退款',
  'Jobs that needed attention': '需处理的任务',
};

function table(t: ReportTable, i: number): string {
  const head = t.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="num">${esc(c)}</td>` : `<td>${esc(c ?? '')}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  const title = bi(TITLES[t.title] ?? t.title, t.title);
  return `<section data-testid="report-table-${i}"><h2 class="section">${title}</h2>${
    t.rows.length
      ? `<table class="stations"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
      : `<p class="empty">${bi('本月没有记录。', 'Nothing this month.')}</p>`
  }</section>`;
}

export function reportsPage(staff: StaffMember, report: MonthlyReport, everySite: boolean, notice?: string): string {
  const file = (ext: string) => `/staff/reports/${report.month}.${ext}`;
  return page(
    { title: 'E站 报表 / E-station reports' },
    `${TABLE_CSS}<style>section{margin-bottom:1.4rem}</style>${staffBar(['E站 报表', 'E-station reports'], staff, '/staff/reports')}
<main>${notice ? `<p class="notice" role="alert" data-testid="query-notice">${bi('月份格式应为 YYYY-MM，现显示上个月。', notice)}</p>` : ''}
<form class="filters" method="get" action="/staff/reports" aria-label="选择月份 Choose the month">
<div><label for="r-month">${bi('月份', 'Month')}</label><input type="month" id="r-month" name="month" value="${esc(report.month)}" required></div>
<div><button type="submit">${bi('查看', 'Show', 'en-btn')}</button></div></form>
<p class="meta">${bi(`${report.month}（${report.timeZone}）`, `${report.month} in ${report.timeZone}`)} · ${
      everySite ? bi('全部站点', 'Every site') : bi('您负责的站点', 'Your sites')
    } · ${bi('下载', 'Download', 'en')}: <a href="${file('csv')}" data-testid="report-csv">CSV</a> · <a href="${file('xlsx')}" data-testid="report-xlsx">XLSX</a></p>
${report.tables.map(table).join('\n')}</main>`,
  );
}
