/**
 * The staff dashboard: the count of stations in each state, a search and filter form, then the table
 * of stations (station-table-html.ts), those needing a person first unless sorted otherwise. Reloads
 * itself every 15 s unless the reader paused that (`?refresh=off`). The health rows below are also the
 * station page's (station-page.ts).
 */
import type { Alert, TerminalOverview, TerminalsResponse } from '../../shared/central-api.js';
import type { LocalizedText } from '../../shared/domain.js';
import { DEFAULT_TIMEZONE, localDateTime } from '../../shared/local-date.js';
import { formatDuration } from '../duration.js';
import { bi, biText, esc, page } from './html.js';
import type { StaffMember } from './sessions.js';
import { staffBar } from './staff-nav.js';
import { stationQueryHref, type StationQuery } from './station-query.js';
import { filterForm, stateCounts, stationTable, TABLE_CSS } from './station-table-html.js';
import { selectStations } from './station-table.js';

export const REFRESH_S = 15;

const PRINTER_STATES: Record<string, [string, string]> = {
  idle: ['空闲', 'Idle'],
  processing: ['打印中', 'Printing'],
  stopped: ['已停止', 'Stopped'],
  unknown: ['未知', 'Unknown'],
};
const READER_STATES: Record<string, [string, string]> = {
  connected: ['已连接', 'Connected'],
  disconnected: ['未连接', 'Disconnected'],
  error: ['故障', 'Error'],
};
const SEVERITY: Record<Alert['severity'], [string, string]> = {
  error: ['错误', 'Error'],
  warning: ['警告', 'Warning'],
};

export function alertList(alerts: Alert[]): string {
  if (!alerts.length) return '';
  const items = alerts.map(
    (a) =>
      `<li class="alert ${a.severity}" data-alert-id="${esc(a.id)}" data-severity="${a.severity}"><span class="sev">${bi(...SEVERITY[a.severity], 'en')}</span> ${biText(a.message)}</li>`,
  );
  return `<ul class="alerts" aria-label="告警 Alerts">${items.join('')}</ul>`;
}

export function printerRows(t: TerminalOverview): string {
  const p = t.health?.printer;
  if (!p) return `<dt>${bi('打印机', 'Printer')}</dt><dd class="muted">${bi('未上报', 'Not reported')}</dd>`;
  const [zh, en] = PRINTER_STATES[p.state] ?? [p.state, p.state];
  const accepting = p.acceptingJobs ? bi('接受任务', 'accepting jobs') : bi('不接受任务', 'not accepting jobs');
  const conditions = p.conditions.map((c) => biText(c.message));
  const supplies = p.supplies.map((s) => {
    const low = s.percent !== null && s.percent <= 10;
    const gauge =
      s.percent === null
        ? ''
        : `<span class="gauge${low ? ' low' : ''}" aria-hidden="true"><span style="width:${Math.round(s.percent)}%"></span></span>`;
    return `<div class="supply">${gauge}<span>${esc(s.name)} ${s.percent === null ? bi('未知', 'unknown') : esc(`${Math.round(s.percent)}%`)}</span></div>`;
  });
  return (
    `<dt>${bi('打印机', 'Printer')}</dt><dd data-testid="printer">${bi(zh, en)} · ${accepting}${conditions.length ? `<br>${conditions.join('<br>')}` : ''}</dd>` +
    `<dt>${bi('耗材', 'Supplies')}</dt><dd data-testid="supplies">${supplies.length ? supplies.join('') : `<span class="muted">${bi('未上报', 'Not reported')}</span>`}</dd>`
  );
}

export function readerRow(t: TerminalOverview): string {
  const readers = t.health?.readers ?? [];
  const text = readers.length
    ? readers
        .map(
          (r) =>
            `${esc(r.id)}: ${bi(...(READER_STATES[r.state] ?? [r.state, r.state]))}${r.message ? ` <span class="muted">(${esc(r.message)})</span>` : ''}`,
        )
        .join('<br>')
    : `<span class="muted">${bi('未上报', 'Not reported')}</span>`;
  return `<dt>${bi('读卡器', 'Readers')}</dt><dd data-testid="readers">${text}</dd>`;
}

export function backlogRow(t: TerminalOverview): string {
  let text: string;
  if (t.backlog === null) text = `<span class="muted">${bi('未上报', 'Not reported')}</span>`;
  else if (t.backlog === 0) text = bi('无待上报记录', 'None waiting');
  else {
    const oldest = t.backlogOldestS === null ? null : formatDuration(t.backlogOldestS);
    text =
      bi(`${t.backlog} 份待上报`, `${t.backlog} waiting`) +
      (oldest ? ` · ${bi(`最早 ${oldest.zh}前`, `oldest ${oldest.en} ago`)}` : '');
  }
  return `<dt>${bi('报告积压', 'Report backlog')}</dt><dd data-testid="backlog">${text}</dd>`;
}

export function templatesRow(t: TerminalOverview): string {
  const list = t.health?.templates ?? [];
  const text = list.length
    ? list
        .map((x) => `<span class="nowrap">${esc(x.id)} <span class="muted">${esc(x.version)}</span></span>`)
        .join(', ')
    : `<span class="muted">${bi('未上报', 'Not reported')}</span>`;
  return `<dt>${bi('模板版本', 'Templates')}</dt><dd data-testid="templates">${text}</dd>`;
}

/** The line under the title: when the page was made, and the control to pause or resume reloading (WCAG 2.2.1). */
function refreshLine(now: Date, query: StationQuery, timeZone: string): string {
  // The institution's clock (the profile's timezone), as on its documents; the zone is named.
  const time = `${localDateTime(now, timeZone).slice(11)} (${timeZone})`;
  // Pausing or resuming keeps the search, filters, sort and page.
  const toggle = (refresh: 'off' | undefined) => esc(stationQueryHref(query, { refresh }));
  return query.refresh !== 'off'
    ? `${bi(`更新于 ${time}，每 ${REFRESH_S} 秒自动刷新`, `Updated ${time}, refreshes every ${REFRESH_S} s`)} · <a href="${toggle('off')}" data-testid="refresh-toggle">${bi('暂停自动刷新', 'Pause auto-refresh', 'en-link')}</a>`
    : `${bi(`更新于 ${time}，自动刷新已暂停`, `Updated ${time}, auto-refresh paused`)} · <a href="${toggle(undefined)}" data-testid="refresh-toggle">${bi('恢复自动刷新', 'Resume auto-refresh', 'en-link')}</a>`;
}

/** Alerts that belong to no terminal (staff PINs guessed at this sign-in page), above the terminals. */
/** The fleet's own alerts (a payment reconciliation's mismatches), at the top: they concern no one station. */
function fleetAlerts(alerts: readonly Alert[]): string {
  if (!alerts.length) return '';
  return `<section data-testid="fleet-alerts"><h2 class="section">${bi('付款对账', 'Payment reconciliation')}</h2>${alertList([...alerts])}</section>`;
}

function signInAlerts(alerts: readonly Alert[]): string {
  if (!alerts.length) return '';
  return `<section data-testid="sign-in-alerts"><h2 class="section">${bi('员工登录', 'Staff sign-in')}</h2>${alertList([...alerts])}</section>`;
}

export interface DashboardOptions {
  /** The search, filters, sort, page and auto-refresh asked for (station-query.ts). */
  query?: StationQuery;
  /** What in the address was not understood (the page then shows every station, and does not reload). */
  notice?: LocalizedText;
  timeZone?: string;
  /** Alerts that belong to no terminal (staff PIN guessing at the sign-in page). */
  otherAlerts?: readonly Alert[];
  /** Alerts of the whole fleet (payment reconciliation), shown first. */
  fleetAlerts?: readonly Alert[];
}

export function dashboardPage(
  overview: TerminalsResponse,
  staff: StaffMember,
  now: Date,
  { query = {}, notice, timeZone = DEFAULT_TIMEZONE, otherAlerts = [], fleetAlerts: fleet = [] }: DashboardOptions = {},
): string {
  const view = selectStations(overview.terminals, query);
  const total = overview.terminals.length;
  const autoRefresh = query.refresh !== 'off' && !notice;
  return page(
    { title: 'E站 终端监控 / E-station terminal status', ...(autoRefresh ? { refreshS: REFRESH_S } : {}) },
    `${TABLE_CSS}${staffBar(['E站 终端监控', 'E-station terminal status'], staff, '/staff')}
<main>${notice ? `<p class="notice" role="alert" data-testid="query-notice">${biText(notice)}</p>` : ''}
<p class="meta" data-testid="refresh">${refreshLine(now, query, timeZone)}</p>
${fleetAlerts(fleet)}
${stateCounts(view, query)}
${signInAlerts(otherAlerts)}
<h2 class="section">${bi(`全部终端 ${total} 台`, `All stations: ${total}`)}</h2>
${filterForm(view, query)}
${stationTable(view, query, total, now)}</main>`,
  );
}
