/**
 * Every terminal as operators see it (`TerminalsResponse`): stored state, health and alerts, sorted so
 * that what needs a person comes first: terminals with an error, then with a warning, then the rest, each by id.
 */
import type { TerminalOverview, TerminalsResponse } from '../shared/central-api.js';
import { alertsFor, fleetReference, isSilent, type AlertOptions } from './alerts.js';
import type { TerminalRecord } from './store/types.js';

const rank = (t: TerminalOverview) => (t.alerts.some((a) => a.severity === 'error') ? 0 : t.alerts.length > 0 ? 1 : 2);

export function terminalsOverview(records: TerminalRecord[], now: Date, options: AlertOptions = {}): TerminalsResponse {
  const fleet = fleetReference(records, now, options);
  const terminals = records.map((r): TerminalOverview => ({
    id: r.id,
    name: r.name,
    revoked: r.revoked,
    lastHeartbeat: r.lastHeartbeat,
    silent: isSilent(r, now, options.silentAfterS),
    outOfService: r.outOfService,
    backlog: r.backlog,
    backlogOldestS: r.backlogOldestS,
    health: r.health,
    clockOffsetMs: r.clockOffsetMs ?? null,
    softwareVersion: r.softwareVersion ?? null,
    site: r.site ?? null,
    alerts: alertsFor(r, now, options, fleet),
  }));
  terminals.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { generatedAt: now.toISOString(), terminals };
}
