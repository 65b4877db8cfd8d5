/**
 * A station's page on the staff dashboard, `/staff/terminals/:id` (issue #18): its current health,
 * software and template versions, clock offset and alerts, the alerts raised and cleared in the last 30 days
 * (station-alerts-html.ts), then 30 days of history as server-drawn SVG
 * charts (station-charts.ts), each followed by the same numbers as a table for readers who cannot see it.
 */
import type { TerminalOverview } from '../../shared/central-api.js';
import type { LocalizedText } from '../../shared/domain.js';
import { localDateTime } from '../../shared/local-date.js';
import { timeAgo } from '../duration.js';
import type { AlertRecord } from '../store/alert-history.js';
import type { StationHistory } from '../store/heartbeat-history.js';
import { recentAlertsSection } from './station-alerts-html.js';
import { alertList, backlogRow, printerRows, readerRow, templatesRow } from './dashboard-page.js';
import { bi, biText, esc, page } from './html.js';
import type { StaffMember } from './sessions.js';
import { clockText, statePill } from './station-table-html.js';
import { barChart, HISTORY_DAYS, levelChart, stateStrip, stationSeries, type StationSeries } from './station-charts.js';

const CSS = `<style>
.back{color:#c9d4e3}
.panel{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(16,24,40,.08);padding:.8rem 1rem;margin-bottom:1rem}
figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3rem}
table{border-collapse:collapse;font-size:.85rem;margin-top:.4rem}
th,td{border:1px solid #d5dbe3;padding:.15rem .5rem;text-align:right}
th{background:#f3f5f8}
td:first-child,th:first-child{text-align:left}
summary{cursor:pointer;color:#0b5cad;margin-top:.3rem}
.recent-alerts{width:100%}.recent-alerts td,.recent-alerts th{text-align:left;vertical-align:top}.recent-alerts th[scope=row],.recent-alerts td:nth-child(2),.recent-alerts td:nth-child(3){white-space:nowrap}
</style>`;

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v)}%`);

function dayTable(caption: string, head: string[], rows: (string | number)[][]): string {
  return `<details><summary>${esc(caption)}</summary><table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table></details>`;
}

function historySection(s: StationSeries, timeZone: string): string {
  const days = s.days.map((d) => d.day);
  const offline = s.periods.filter((p) => p.state !== 'serving');
  const printed = s.days.reduce((n, d) => n + d.printed, 0);
  const offlineMin = s.days.reduce((n, d) => n + (24 * 60 - d.onlineMinutes), 0);
  const periodRows = offline.map((p) => [
    localDateTime(new Date(p.from), timeZone),
    localDateTime(new Date(p.to), timeZone),
    p.state === 'offline' ? '离线 Offline' : '暂停服务 Out of service',
  ]);
  return `<h2 class="section">${bi(`近 ${HISTORY_DAYS} 天`, `The last ${HISTORY_DAYS} days`)}</h2>
<section class="panel"><figure>
<figcaption>${bi('在线与离线', 'Online and offline')}</figcaption>
${stateStrip('chart-service', '在线与离线 Online and offline', `${offline.filter((p) => p.state === 'offline').length} offline and ${offline.filter((p) => p.state === 'out_of_service').length} out-of-service periods in ${HISTORY_DAYS} days`, s, timeZone)}
${dayTable('表格：暂停与离线时段 Table: periods out of service or offline', ['从 From', '到 To', '状态 State'], periodRows)}
</figure></section>
<section class="panel"><figure>
<figcaption>${bi('每日打印份数', 'Documents printed per day')}</figcaption>
${barChart(
  'chart-printed',
  '每日打印份数 Documents printed per day',
  `${printed} documents printed in ${HISTORY_DAYS} days`,
  days,
  s.days.map((d) => d.printed),
)}
${dayTable(
  '表格：每日数据 Table: per day',
  [
    '日期 Day',
    '打印 Printed',
    '打印机故障分钟 Printer error minutes',
    '纸张最低 Lowest paper',
    '碳粉最低 Lowest toner',
    '离线分钟 Minutes offline',
  ],
  s.days.map((d) => [d.day, d.printed, d.errorMinutes, pct(d.paper), pct(d.toner), 24 * 60 - d.onlineMinutes]),
)}
</figure></section>
<section class="panel"><figure>
<figcaption>${bi('纸张与碳粉余量', 'Paper and toner levels')}</figcaption>
${levelChart('chart-levels', '纸张与碳粉余量 Paper and toner levels', 'Lowest paper and toner reported per hour, 0 to 100 percent; the per-day table lists the lowest of each day', s)}
</figure></section>
<section class="panel"><figure>
<figcaption>${bi('每日打印机故障时长（分钟）', 'Printer errors per day (minutes)')}</figcaption>
${barChart(
  'chart-errors',
  '打印机故障 Printer errors',
  `Minutes with a printer error each day; ${s.days.reduce((n, d) => n + d.errorMinutes, 0)} in all, ${offlineMin} minutes offline in all`,
  days,
  s.days.map((d) => d.errorMinutes),
  ' min',
)}
</figure></section>`;
}

export function stationPage(
  t: TerminalOverview,
  history: StationHistory,
  staff: StaffMember,
  now: Date,
  timeZone: string,
  recent: readonly AlertRecord[] = [],
  /** The remote actions section (routes/station-actions.ts), after the health. */
  actions = '',
  /** The audit section (station-audit-html.ts), after the alerts. */
  audit = '',
): string {
  const ago = timeAgo(t.lastHeartbeat, now);
  const heard = ago ? `${esc(ago.zh)} <span class="en" lang="en">/ ${esc(ago.en)}</span>` : bi('从未', 'Never');
  const alerts = t.alerts.length
    ? alertList(t.alerts)
    : `<p class="muted" data-testid="no-alerts">${bi('当前无告警', 'No alerts now')}</p>`;
  return page(
    { title: `${t.name} (${t.id}) · E站 终端 / E-station terminal` },
    `${CSS}<header class="bar"><a class="back" href="/staff">${bi('← 全部终端', 'All terminals', 'en-link')}</a><h1>${esc(t.name)} <span class="en">${esc(t.id)}</span></h1>${statePill(t)}
<div class="who"><span data-testid="staff-name">${esc(staff.name)}</span>
<form method="post" action="/staff/logout"><button type="submit">${bi('退出登录', 'Sign out', 'en-btn')}</button></form></div></header>
<main><p class="meta">${bi(`更新于 ${localDateTime(now, timeZone)} (${timeZone})`, `Updated ${localDateTime(now, timeZone)} (${timeZone})`)}</p>
<h2 class="section">${bi('当前告警', 'Alerts now')}</h2><section class="panel" data-testid="alerts">${alerts}</section>
<h2 class="section">${bi('当前状态', 'Current health')}</h2>
<section class="panel"><dl><dt>${bi('最近心跳', 'Last heartbeat')}</dt><dd data-testid="heartbeat">${heard}</dd>
<dt>${bi('软件版本', 'Software version')}</dt><dd data-testid="software">${t.softwareVersion ? esc(t.softwareVersion) : `<span class="muted">${bi('未上报', 'Not reported')}</span>`}</dd>
<dt>${bi('时钟偏差', 'Clock offset')}</dt><dd data-testid="clock">${clockText(t.clockOffsetMs)}</dd>
${printerRows(t)}${readerRow(t)}${backlogRow(t)}${templatesRow(t)}</dl></section>
${actions}${recentAlertsSection(recent, HISTORY_DAYS, now, timeZone)}
${audit}
${historySection(stationSeries(history, now, timeZone), timeZone)}</main>`,
  );
}

/** A terminal id that names no terminal: say so, and lead back to the list. */
export function stationNotFoundPage(message: LocalizedText): string {
  return page(
    { title: 'E站 终端 / E-station terminal' },
    `<main><p class="notice" role="alert" data-testid="not-found">${biText(message)}</p><p><a href="/staff">${bi('← 全部终端', 'All terminals', 'en-link')}</a></p></main>`,
  );
}
