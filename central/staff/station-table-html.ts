/**
 * The dashboard's table of stations as HTML: the counts per state (each a link to that state's
 * stations), the search and filter form (a GET form: no script), the table with sortable headings, and
 * the pages. What is shown comes from station-table.ts; every value is escaped.
 */
import type { Alert, TerminalOverview } from '../../shared/central-api.js';
import { ALERT_CAUSES, ALERT_KINDS, type AlertCause } from '../alert-kinds.js';
import { timeAgo } from '../duration.js';
import { bi, biText, esc } from './html.js';
import { stationQueryHref, type SortKey, type StationQuery } from './station-query.js';
import { STATION_STATE_IDS, STATION_STATES, stationState } from './station-states.js';
import { COLUMNS, PAGE_SIZE, paperAndToner, type StationView } from './station-table.js';

/** A supply at or below this shows in red, as the low-supply alert's default (alerts.ts). */
const LOW_PERCENT = 10;

export const TABLE_CSS = `<style>
.counts{display:flex;gap:.6rem;flex-wrap:wrap;margin:0 0 1rem;padding:0;list-style:none}
.counts a{display:block;min-width:9rem;background:#fff;border-radius:10px;padding:.5rem .9rem;border-left:6px solid #7b8794;box-shadow:0 1px 2px rgba(16,24,40,.08);text-decoration:none;color:inherit}
.counts a[aria-current]{outline:3px solid #0b5cad;outline-offset:1px}
.counts .n{display:block;font-size:1.6rem;font-weight:700;line-height:1.1}
.counts .error{border-left-color:#c62828}.counts .error .n{color:#b3261e}
.counts .warning{border-left-color:#e0a100}.counts .warning .n{color:#8a5a00}
.counts .ok{border-left-color:#2e7d32}.counts .ok .n{color:#1b6e36}
.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.6rem 1rem;background:#fff;border-radius:10px;padding:.7rem 1rem;margin-bottom:.8rem;box-shadow:0 1px 2px rgba(16,24,40,.08)}
.filters label{display:block;font-size:.85rem;font-weight:600;margin-bottom:.2rem}
.filters input,.filters select{font:inherit;font-size:.92rem;padding:.3rem .5rem;border:1px solid #8a96a6;border-radius:6px;background:#fff}
.filters input{width:14rem}
.filters button{font:inherit;font-size:.92rem;font-weight:600;padding:.35rem 1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
.stations{width:100%;border-collapse:collapse;background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(16,24,40,.08);font-size:.88rem}
.stations th,.stations td{padding:.35rem .55rem;border-bottom:1px solid #e1e6ed;text-align:left;vertical-align:top}
.stations thead th{position:sticky;top:0;background:#f3f5f8;font-weight:600;z-index:1}
.stations thead a{color:inherit;text-decoration:none}
.stations thead a:hover,.stations thead a:focus-visible{text-decoration:underline}
.stations td.num{text-align:right;white-space:nowrap}
.stations tbody th{font-weight:600;min-width:12rem}
.stations td.alert-cell{min-width:12rem}
.stations .id{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.85rem;color:#4f5b6b}
.stations tr.error td:first-child{box-shadow:inset 4px 0 #c62828}
.stations tr.warning td:first-child{box-shadow:inset 4px 0 #e0a100}
.stations .alerts{margin:0;display:flex;flex-wrap:wrap;gap:.25rem}
.stations .alert{font-size:.8rem;padding:.05rem .4rem;white-space:nowrap;cursor:help}
.low{color:#b3261e;font-weight:700}
.tag{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .4rem;border-radius:4px;background:#fff4d6;color:#7a4f00}
.pager{display:flex;gap:1rem;align-items:center;margin-top:.8rem}
</style>`;

/** A station's state as a coloured pill (the table's state column, the station page's heading). */
export function statePill(t: Pick<TerminalOverview, 'revoked' | 'silent' | 'outOfService' | 'alerts'>): string {
  const s = STATION_STATES[stationState(t)];
  return `<span class="pill ${s.tone}" data-testid="service">${esc(s.zh)} · <span lang="en">${esc(s.en)}</span></span>`;
}

/** The clock offset in words: how far the station's clock is from central's, and which way. */
export function clockText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return `<span class="muted">${bi('未上报', 'Not reported')}</span>`;
  const s = Math.round(ms / 1000);
  if (s === 0) return bi('与中心一致', 'Same as central');
  const abs = Math.abs(s);
  return s > 0 ? bi(`快 ${abs} 秒`, `${abs} s fast`) : bi(`慢 ${abs} 秒`, `${abs} s slow`);
}

const notReported = `<span class="muted">–</span>`;

/**
 * A row's alerts as short chips, one per alert, named by kind (alert-kinds.ts) so a row stays one or two
 * lines high; the full message is the chip's tooltip and, with everything else, on the station's page.
 */
function compactAlerts(alerts: Alert[]): string {
  if (!alerts.length) return `<span class="muted">${bi('无', 'None')}</span>`;
  return `<ul class="alerts">${alerts
    .map((a) => {
      const kind = ALERT_KINDS[a.cause as AlertCause] ?? { zh: a.cause, en: a.cause };
      return `<li class="alert ${a.severity}" data-alert-id="${esc(a.id)}" data-severity="${a.severity}" title="${esc(`${a.message.zh} / ${a.message.en}`)}">${biText(kind)}</li>`;
    })
    .join('')}</ul>`;
}

function level(zh: string, en: string, percent: number | null): string {
  const v = percent === null ? '–' : `${Math.round(percent)}%`;
  const cls = percent !== null && percent <= LOW_PERCENT ? ' class="low"' : '';
  return `<span class="nowrap">${esc(zh)} <span lang="en" class="en">${esc(en)}</span> <span${cls}>${esc(v)}</span></span>`;
}

/** One cell per column, in COLUMNS' order. */
const CELLS: Record<SortKey, (t: TerminalOverview, now: Date) => string> = {
  name: (t) =>
    `<th scope="row"><a href="/staff/terminals/${encodeURIComponent(t.id)}" data-testid="station-link">${esc(t.name)}</a></th>`,
  id: (t) => `<td class="id">${esc(t.id)}</td>`,
  state: (t) => `<td>${statePill(t)}</td>`,
  heartbeat: (t, now) => {
    const ago = timeAgo(t.lastHeartbeat, now);
    return `<td data-testid="heartbeat">${ago ? `${esc(ago.zh)} <span class="en" lang="en">/ ${esc(ago.en)}</span>` : bi('从未', 'Never')}</td>`;
  },
  backlog: (t) => `<td class="num" data-testid="backlog">${t.backlog === null ? notReported : esc(t.backlog)}</td>`,
  supplies: (t) => {
    const { paper, toner } = paperAndToner(t);
    return `<td data-testid="supplies">${level('纸', 'paper', paper)}<br>${level('粉', 'toner', toner)}</td>`;
  },
  alerts: (t) => `<td class="alert-cell">${compactAlerts(t.alerts)}</td>`,
  version: (t) => {
    const behind = t.alerts.some((a) => a.cause === 'version')
      ? ` <span class="tag">${bi('落后', 'behind', 'en-link')}</span>`
      : '';
    return `<td class="nowrap" data-testid="software">${t.softwareVersion ? esc(t.softwareVersion) : notReported}${behind}</td>`;
  },
  clock: (t) => `<td data-testid="clock">${clockText(t.clockOffsetMs)}</td>`,
};

function row(t: TerminalOverview, now: Date): string {
  const tone = t.alerts.some((a) => a.severity === 'error') ? 'error' : t.alerts.length ? 'warning' : 'ok';
  return `<tr class="${t.revoked ? 'revoked' : tone}" data-testid="terminal" data-terminal-id="${esc(t.id)}" data-state="${stationState(t)}">${COLUMNS.map((c) => CELLS[c.key](t, now)).join('')}</tr>`;
}

function heading(c: (typeof COLUMNS)[number], query: StationQuery): string {
  const active = query.sort === c.key;
  const dir = active ? (query.dir ?? c.first) : null;
  const next = dir ? (dir === 'asc' ? 'desc' : 'asc') : c.first;
  const href = stationQueryHref(query, { sort: c.key, dir: next, page: undefined });
  const arrow = dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : '';
  const sort = dir ? ` aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"` : '';
  return `<th scope="col"${sort}><a href="${esc(href)}" data-sort="${c.key}">${bi(c.head.zh, c.head.en)}${arrow}</a></th>`;
}

/** The count of each state over the whole fleet, each a link to those stations (the current one marked). */
export function stateCounts(view: StationView, query: StationQuery): string {
  const items = STATION_STATE_IDS.map((id) => {
    const s = STATION_STATES[id];
    const current = query.state === id ? ' aria-current="true"' : '';
    const href = stationQueryHref({ refresh: query.refresh }, { state: id });
    return `<li><a class="${view.counts[id] ? s.tone : 'none'}" href="${esc(href)}" data-testid="count-${id}"${current}><span class="n">${view.counts[id]}</span>${bi(s.zh, s.en)}</a></li>`;
  });
  return `<ul class="counts" aria-label="各状态终端数 Stations per state">${items.join('')}</ul>`;
}

/** A labelled <select> of the filter forms; the first option is "all". */
export function select(
  name: string,
  label: [string, string],
  options: [string, string][],
  value: string | undefined,
): string {
  const opts = [['', '全部 All'], ...options]
    .map(([v, text]) => `<option value="${esc(v!)}"${v === (value ?? '') ? ' selected' : ''}>${esc(text!)}</option>`)
    .join('');
  return `<div><label for="f-${name}">${bi(...label)}</label><select id="f-${name}" name="${name}">${opts}</select></div>`;
}

/** The search and filters, as a GET form to /staff: the chosen sort and auto-refresh setting go along. */
export function filterForm(view: StationView, query: StationQuery): string {
  const hidden = (['sort', 'dir', 'refresh'] as const)
    .filter((k) => query[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${esc(query[k]!)}">`)
    .join('');
  const versions = [...view.versions];
  // A bookmarked version no station runs any more stays selectable (the view then says "no station").
  if (query.version && !versions.includes(query.version)) versions.push(query.version);
  const sites = [...view.sites];
  if (query.site && !sites.includes(query.site)) sites.push(query.site);
  return `<form class="filters" method="get" action="/staff" role="search" aria-label="搜索与筛选 Search and filter">${hidden}
<div><label for="f-q">${bi('搜索编号或名称', 'Search ID or name')}</label><input type="search" id="f-q" name="q" maxlength="64" value="${esc(query.q ?? '')}"></div>
${select(
  'state',
  ['状态', 'State'],
  STATION_STATE_IDS.map((id) => [id, `${STATION_STATES[id].zh} ${STATION_STATES[id].en} (${view.counts[id]})`]),
  query.state,
)}
${select(
  'alert',
  ['告警类型', 'Alert kind'],
  ALERT_CAUSES.map((c) => [c, `${ALERT_KINDS[c].zh} ${ALERT_KINDS[c].en}`]),
  query.alert,
)}
${select(
  'version',
  ['软件版本', 'Software version'],
  versions.map((v) => [v, v]),
  query.version,
)}
${select(
  'site',
  ['站点', 'Site'],
  sites.map((s) => [s, s]),
  query.site,
)}
<div><button type="submit">${bi('筛选', 'Apply', 'en-btn')}</button></div>
<div><a href="${esc(stationQueryHref({ refresh: query.refresh }))}" data-testid="clear-filters">${bi('清除筛选', 'Clear', 'en-link')}</a></div>
</form>`;
}

export function stationTable(view: StationView, query: StationQuery, total: number, now: Date): string {
  const from = view.matched ? (view.page - 1) * PAGE_SIZE + 1 : 0;
  const to = Math.min(view.page * PAGE_SIZE, view.matched);
  const line = `<p class="meta" data-testid="showing">${bi(
    `显示第 ${from}–${to} 台，共 ${view.matched} 台符合（全部 ${total} 台）`,
    `Showing ${from}–${to} of ${view.matched} matching stations (${total} in all)`,
  )}</p>`;
  if (!view.matched)
    return `${line}<p class="empty" data-testid="no-match">${
      total
        ? bi('没有符合条件的终端。请修改搜索或筛选条件。', 'No station matches. Change the search or the filters.')
        : bi('尚未登记任何终端。', 'No terminals are enrolled yet.')
    }</p>`;
  const pager =
    view.pages > 1
      ? `<nav class="pager" aria-label="分页 Pages">${
          view.page > 1
            ? `<a href="${esc(stationQueryHref(query, { page: view.page - 1 }))}" rel="prev">${bi('← 上一页', 'Previous', 'en-link')}</a>`
            : ''
        }<span data-testid="page">${bi(`第 ${view.page} / ${view.pages} 页`, `Page ${view.page} of ${view.pages}`)}</span>${
          view.page < view.pages
            ? `<a href="${esc(stationQueryHref(query, { page: view.page + 1 }))}" rel="next">${bi('下一页 →', 'Next', 'en-link')}</a>`
            : ''
        }</nav>`
      : '';
  return `${line}<table class="stations" data-testid="stations"><thead><tr>${COLUMNS.map((c) => heading(c, query)).join('')}</tr></thead>
<tbody>${view.rows.map((t) => row(t, now)).join('\n')}</tbody></table>${pager}`;
}
