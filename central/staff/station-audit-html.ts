/**
 * The station page's audit section (issue #18): the latest events on this station (maintenance mode
 * opened, reprints, remote actions, enrollment and revocation), and a link to all of them on the audit page.
 */
import type { AuditPage } from '../store/audit.js';
import { auditHead, auditHref, auditRow } from './audit-page.js';
import { bi, esc } from './html.js';

/** How many of the station's latest events the page shows. */
export const STATION_AUDIT_ROWS = 10;

export function stationAuditSection(terminalId: string, events: AuditPage, timeZone: string): string {
  const heading = `<h2 class="section">${bi('审计记录', 'Audit of actions on this station')}</h2>`;
  const all = `<a href="${esc(auditHref('/staff/audit', { station: terminalId }))}" data-testid="station-audit-all">${bi(`查看全部 ${events.total} 条`, `All ${events.total} events`)}</a>`;
  if (!events.rows.length)
    return `${heading}<section class="panel" data-testid="station-audit"><p class="muted">${bi('暂无记录', 'Nothing recorded yet')}</p></section>`;
  return `${heading}<section class="panel" data-testid="station-audit"><table class="recent-alerts"><caption class="muted">${bi('最新的在前', 'Newest first')} · ${all}</caption>${auditHead(false)}<tbody>${events.rows.map((r) => auditRow(r, timeZone, false)).join('')}</tbody></table></section>`;
}
