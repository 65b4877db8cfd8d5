/**
 * The staff dashboard: an alert summary, then one card per terminal (alerts, service, last heartbeat,
 * printer, supplies, readers, report backlog, templates), those needing a person first. Reloads itself
 * every 15 s unless the reader paused that (`?refresh=off`).
 */
import type { Alert, TerminalOverview, TerminalsResponse } from '../../shared/central-api.js';
import { formatDuration, timeAgo } from '../duration.js';
import { bi, biText, esc, page } from './html.js';
import type { StaffMember } from './sessions.js';
import { DEFAULT_TIMEZONE, localDateTime } from '../../shared/local-date.js';

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

const worst = (t: TerminalOverview): 'error' | 'warning' | 'ok' =>
  t.alerts.some((a) => a.severity === 'error') ? 'error' : t.alerts.length ? 'warning' : 'ok';

export function statusPill(t: TerminalOverview): string {
  const [cls, zh, en] = t.revoked
    ? ['revoked', '已吊销', 'Revoked']
    : t.silent
      ? ['error', '无心跳', 'Silent']
      : t.outOfService
        ? ['error', '暂停服务', 'Out of service']
        : ['ok', '正常服务', 'In service'];
  return `<span class="pill ${cls}" data-testid="service">${esc(zh)} · <span lang="en">${esc(en)}</span></span>`;
}

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

function terminalCard(t: TerminalOverview, now: Date): string {
  const ago = timeAgo(t.lastHeartbeat, now);
  const heard = ago ? `${esc(ago.zh)} <span class="en" lang="en">/ ${esc(ago.en)}</span>` : bi('从未', 'Never');
  const cls = t.revoked ? 'revoked' : worst(t);
  return `<article class="card ${cls}" data-testid="terminal" data-terminal-id="${esc(t.id)}" aria-labelledby="t-${esc(t.id)}">
<header><div class="name"><h3 id="t-${esc(t.id)}"><a href="/staff/terminals/${encodeURIComponent(t.id)}" data-testid="station-link">${esc(t.name)}</a></h3><span class="id">${esc(t.id)}</span></div>${statusPill(t)}</header>
${alertList(t.alerts)}
<dl><dt>${bi('最近心跳', 'Last heartbeat')}</dt><dd data-testid="heartbeat">${heard}</dd>
${printerRows(t)}${readerRow(t)}${backlogRow(t)}${templatesRow(t)}</dl></article>`;
}

function summary(terminals: TerminalOverview[]): string {
  const alerts = terminals.flatMap((t) => t.alerts);
  const errors = alerts.filter((a) => a.severity === 'error').length;
  const warnings = alerts.length - errors;
  const active = terminals.filter((t) => !t.revoked);
  const serving = active.filter((t) => !t.silent && t.outOfService === false).length;
  const tile = (cls: string, testid: string, n: number, zh: string, en: string) =>
    `<div class="tile ${cls}" data-testid="${testid}"><span class="n">${n}</span>${bi(zh, en)}</div>`;
  return `<section class="summary" aria-label="告警概览 Alert summary">
${tile(errors ? 'error' : 'ok', 'summary-errors', errors, '错误', 'Errors')}
${tile(warnings ? 'warning' : 'ok', 'summary-warnings', warnings, '警告', 'Warnings')}
<div class="tile ok" data-testid="summary-serving"><span class="n">${serving} / ${active.length}</span>${bi('终端正常服务', 'terminals in service')}</div>
</section>`;
}

/** The line under the title: when the page was made, and the control to pause or resume reloading (WCAG 2.2.1). */
function refreshLine(now: Date, autoRefresh: boolean, timeZone: string): string {
  // The institution's clock (the profile's timezone), as on its documents; the zone is named.
  const time = `${localDateTime(now, timeZone).slice(11)} (${timeZone})`;
  return autoRefresh
    ? `${bi(`更新于 ${time}，每 ${REFRESH_S} 秒自动刷新`, `Updated ${time}, refreshes every ${REFRESH_S} s`)} · <a href="/staff?refresh=off" data-testid="refresh-toggle">${bi('暂停自动刷新', 'Pause auto-refresh', 'en-link')}</a>`
    : `${bi(`更新于 ${time}，自动刷新已暂停`, `Updated ${time}, auto-refresh paused`)} · <a href="/staff" data-testid="refresh-toggle">${bi('恢复自动刷新', 'Resume auto-refresh', 'en-link')}</a>`;
}

/** Alerts that belong to no terminal (staff PINs guessed at this sign-in page), above the terminals. */
function signInAlerts(alerts: readonly Alert[]): string {
  if (!alerts.length) return '';
  return `<section data-testid="sign-in-alerts"><h2 class="section">${bi('员工登录', 'Staff sign-in')}</h2>${alertList([...alerts])}</section>`;
}

export function dashboardPage(
  overview: TerminalsResponse,
  staff: StaffMember,
  now: Date,
  autoRefresh = true,
  timeZone = DEFAULT_TIMEZONE,
  otherAlerts: readonly Alert[] = [],
): string {
  const cards = overview.terminals.length
    ? `<div class="grid">${overview.terminals.map((t) => terminalCard(t, now)).join('\n')}</div>`
    : `<p class="empty">${bi('尚未登记任何终端。', 'No terminals are enrolled yet.')}</p>`;
  return page(
    { title: 'E站 终端监控 / E-station terminal status', ...(autoRefresh ? { refreshS: REFRESH_S } : {}) },
    `<header class="bar"><h1>${bi('E站 终端监控', 'E-station terminal status')}</h1>
<div class="who"><span data-testid="staff-name">${esc(staff.name)}</span>
<form method="post" action="/staff/logout"><button type="submit">${bi('退出登录', 'Sign out', 'en-btn')}</button></form></div></header>
<main><p class="meta" data-testid="refresh">${refreshLine(now, autoRefresh, timeZone)}</p>
${summary(overview.terminals)}
${signInAlerts(otherAlerts)}
<h2 class="section">${bi(`全部终端 ${overview.terminals.length} 台`, `All terminals: ${overview.terminals.length}`)}</h2>
${cards}</main>`,
  );
}
