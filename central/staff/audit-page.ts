/**
 * The dashboard's audit page, `/staff/audit` (issue #18): central's audit newest first, filtered by days in
 * the institution's timezone, actor, action, station, site and free text, 50 to a page, with the filtered
 * result as CSV or XLSX. What a reader sees is limited by their role (routes/staff-audit.ts).
 */
import { AUDIT_ACTIONS, STATION_AUDIT_ACTIONS } from '../domain/audit-actions.js';
import { AUDIT_ACTION_GROUPS, type AuditQueryInput } from '../reports/audit-query.js';
import type { AuditPage, AuditRecord } from '../store/audit.js';
import { localDateTime } from '../../shared/local-date.js';
import { bi, esc, page } from './html.js';
import type { StaffMember } from './sessions.js';
import { staffBar } from './staff-nav.js';
import { select, TABLE_CSS } from './station-table-html.js';

export const AUDIT_PAGE_SIZE = 50;

/** The address of the audit (or its export) with these filters. */
export function auditHref(path: string, given: AuditQueryInput, changes: Partial<AuditQueryInput> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...given, ...changes })) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

const field = (name: keyof AuditQueryInput, label: [string, string], given: AuditQueryInput, type = 'text') =>
  `<div><label for="a-${name}">${bi(...label)}</label><input type="${type}" id="a-${name}" name="${name}" value="${esc(given[name] ?? '')}"${type === 'text' ? ' maxlength="100"' : ''}></div>`;

function filterForm(given: AuditQueryInput, timeZone: string): string {
  const actions: [string, string][] = [
    ...AUDIT_ACTION_GROUPS.map((g): [string, string] => [g, `${g}*`]),
    ...[...AUDIT_ACTIONS, ...STATION_AUDIT_ACTIONS].map((a): [string, string] => [a, a]),
  ];
  return `<form class="filters" method="get" action="/staff/audit" role="search" aria-label="筛选审计 Filter the audit">
${field('from', ['起始日期', `From (${timeZone})`], given, 'date')}
${field('to', ['截止日期', `To (${timeZone})`], given, 'date')}
${field('actor', ['操作人', 'Actor'], given)}
${select('action', ['操作', 'Action'], actions, given.action)}
${field('station', ['终端编号', 'Station ID'], given)}
${field('site', ['站点', 'Site'], given)}
${field('text', ['搜索', 'Search text'], given)}
<div><button type="submit">${bi('筛选', 'Apply', 'en-btn')}</button></div>
<div><a href="/staff/audit">${bi('清除筛选', 'Clear', 'en-link')}</a></div>
</form>`;
}

/** One event as a table row; `where` adds its station and site (the station page leaves them out). */
export function auditRow(r: AuditRecord, timeZone: string, where: boolean): string {
  const place = where ? `<td class="id">${esc(r.terminalId ?? '')}</td><td>${esc(r.site ?? '')}</td>` : '';
  return `<tr data-testid="audit-row"><td class="nowrap">${esc(localDateTime(r.at, timeZone))}</td><td>${esc(r.actor)}</td>
<td class="id">${esc(r.action)}</td><td>${esc(r.outcome)}</td>${place}
<td>${esc(r.target ?? '')}</td><td>${esc(r.reason ?? '')}</td></tr>`;
}

/** The head of an audit table, in auditRow's columns. */
export function auditHead(where: boolean): string {
  const place = where ? `<th scope="col">${bi('终端', 'Station')}</th><th scope="col">${bi('站点', 'Site')}</th>` : '';
  return `<thead><tr>
<th scope="col">${bi('时间', 'Time')}</th><th scope="col">${bi('操作人', 'Actor')}</th><th scope="col">${bi('操作', 'Action')}</th><th scope="col">${bi('结果', 'Outcome')}</th>
${place}<th scope="col">${bi('对象', 'Target')}</th><th scope="col">${bi('原因', 'Reason')}</th></tr></thead>`;
}

export interface AuditPageInput {
  staff: StaffMember;
  timeZone: string;
  given: AuditQueryInput;
  /** Null when the filters were not understood (then `notice` says why). */
  result: AuditPage | null;
  page: number;
  notice?: string;
  /** Whether the reader sees every site (an admin) or only theirs. */
  everySite: boolean;
}

export function auditPage({ staff, timeZone, given, result, page: n, notice, everySite }: AuditPageInput): string {
  const pages = result ? Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)) : 1;
  const rows = (result?.rows ?? []).map((r) => auditRow(r, timeZone, true));
  const { page: _page, ...filters } = given;
  const pager =
    pages > 1
      ? `<nav class="pager" aria-label="分页 Pages">${n > 1 ? `<a href="${esc(auditHref('/staff/audit', given, { page: String(n - 1) }))}" rel="prev">${bi('← 上一页', 'Previous', 'en-link')}</a>` : ''}<span data-testid="page">${bi(`第 ${n} / ${pages} 页`, `Page ${n} of ${pages}`)}</span>${n < pages ? `<a href="${esc(auditHref('/staff/audit', given, { page: String(n + 1) }))}" rel="next">${bi('下一页 →', 'Next', 'en-link')}</a>` : ''}</nav>`
      : '';
  const scope = everySite
    ? bi('全部站点', 'Every site')
    : bi('仅显示您负责站点的终端事件', "Only events on your sites' stations");
  return page(
    { title: 'E站 审计 / E-station audit' },
    `${TABLE_CSS}${staffBar(['E站 审计', 'E-station audit'], staff, '/staff/audit')}
<main>${notice ? `<p class="notice" role="alert" data-testid="query-notice">${bi('筛选条件无法识别，请修改后再试。', notice)}</p>` : ''}
<p class="meta">${scope} · ${bi(`时间为 ${timeZone}`, `Times in ${timeZone}`)}</p>
${filterForm(given, timeZone)}
<p class="meta" data-testid="audit-count">${bi(`共 ${result?.total ?? 0} 条`, `${result?.total ?? 0} events`)} · ${bi('导出筛选结果', 'Export the filtered events', 'en')}: <a href="${esc(auditHref('/staff/audit/export.csv', filters))}" data-testid="export-csv">CSV</a> · <a href="${esc(auditHref('/staff/audit/export.xlsx', filters))}" data-testid="export-xlsx">XLSX</a></p>
${
  rows.length
    ? `<table class="stations" data-testid="audit"><caption class="section" style="text-align:left">${bi('审计记录', 'Audit events')}</caption>${auditHead(true)}
<tbody>${rows.join('\n')}</tbody></table>${pager}`
    : `<p class="empty" data-testid="audit-empty">${bi('没有符合条件的记录。', 'No events match these filters.')}</p>`
}</main>`,
  );
}
