/**
 * The station page's "recent alerts" (issue #18): every alert of the station raised or cleared in the last
 * days, from the alert history (central/store/alert-history.ts), newest first, with when it was raised,
 * when it cleared (or that it is still on) and how long it lasted, as a table a screen reader reads row by row.
 */
import { localDateTime } from '../../shared/local-date.js';
import { ALERT_KINDS, type AlertCause } from '../alert-kinds.js';
import { formatDuration } from '../duration.js';
import type { AlertRecord } from '../store/alert-history.js';
import { bi, biText, esc } from './html.js';

const kindName = (cause: string) => (cause in ALERT_KINDS ? biText(ALERT_KINDS[cause as AlertCause]) : esc(cause));

export function recentAlertsSection(
  records: readonly AlertRecord[],
  days: number,
  now: Date,
  timeZone: string,
): string {
  const heading = `<h2 class="section">${bi(`近 ${days} 天的告警`, `Alerts in the last ${days} days`)}</h2>`;
  if (!records.length)
    return `${heading}<section class="panel" data-testid="recent-alerts"><p class="muted">${bi(`近 ${days} 天没有告警`, `No alerts in the last ${days} days`)}</p></section>`;
  const rows = records.map((r) => {
    const end = r.clearedAt ? Date.parse(r.clearedAt) : now.getTime();
    const lasted = formatDuration(Math.max(0, Math.round((end - Date.parse(r.raisedAt)) / 1000)));
    const cleared = r.clearedAt
      ? esc(localDateTime(new Date(r.clearedAt), timeZone))
      : `<strong>${bi('仍在', 'Still on')}</strong>`;
    return `<tr class="alert ${r.severity}" data-alert-id="${esc(r.id)}" data-open="${r.clearedAt ? 'no' : 'yes'}"><th scope="row">${esc(localDateTime(new Date(r.raisedAt), timeZone))}</th><td>${cleared}</td><td>${bi(lasted.zh, lasted.en)}</td><td>${kindName(r.cause)}</td><td>${biText(r.message)}</td></tr>`;
  });
  return `${heading}<section class="panel" data-testid="recent-alerts"><table class="recent-alerts"><caption class="muted">${bi(`共 ${records.length} 条，最新的在前`, `${records.length} in all, newest first`)}</caption><thead><tr><th scope="col">${bi('发生', 'Raised')}</th><th scope="col">${bi('消除', 'Cleared')}</th><th scope="col">${bi('持续', 'Lasted')}</th><th scope="col">${bi('类别', 'Kind')}</th><th scope="col">${bi('内容', 'What')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
