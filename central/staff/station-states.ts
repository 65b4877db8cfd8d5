/**
 * A station's state on the staff dashboard, the one list that the counts at the top, the state filter,
 * the state column and its sort order are all derived from. Each station is in exactly one state, the
 * first that applies in this order (a revoked station is not "offline", an offline one is not "out
 * of service": what it said last may be stale).
 */
import type { TerminalOverview } from '../../shared/central-api.js';

export const STATION_STATES = {
  /** No heartbeat for three intervals, or never one. */
  offline: { zh: '离线', en: 'Offline', tone: 'error' },
  /** Said it is not serving students (its reasons are in its alerts). */
  out_of_service: { zh: '暂停服务', en: 'Out of service', tone: 'error' },
  /** Serving, and a person should look: an error or a warning (a printer condition, low toner, a clock off...). */
  attention: { zh: '需处理', en: 'Needs attention', tone: 'warning' },
  /** Serving, nothing to do. */
  online: { zh: '正常服务', en: 'In service', tone: 'ok' },
  /** Its token no longer works; kept for the record. */
  revoked: { zh: '已吊销', en: 'Revoked', tone: 'revoked' },
} as const;

export type StationState = keyof typeof STATION_STATES;
/** In the order of the object above: what needs a person first (the order of the counts and the state sort). */
export const STATION_STATE_IDS = Object.keys(STATION_STATES) as [StationState, ...StationState[]];

export function stationState(
  t: Pick<TerminalOverview, 'revoked' | 'silent' | 'outOfService' | 'alerts'>,
): StationState {
  if (t.revoked) return 'revoked';
  if (t.silent) return 'offline';
  if (t.outOfService) return 'out_of_service';
  return t.alerts.length ? 'attention' : 'online';
}
