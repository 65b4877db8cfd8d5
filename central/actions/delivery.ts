/**
 * The station's side of remote actions at central (issue #18): what a heartbeat answer carries, and the
 * station's answer. A reprint carries a fresh staff grant for the staff member who asked, bound to this
 * station: the reprint then passes the same rules as one made at the station (central/domain/reprint.ts).
 * The grant is for that staff member as they are at delivery, which may be hours after they asked: a
 * disabled account, or one no longer of the station's site, gets the action refused, not carried.
 */
import type { DeliveredAction } from '../../shared/station-actions.js';
import { maintenanceRefusal } from '../domain/staff-scope.js';
import type { CentralStore } from '../store/types.js';

/** The actions for this heartbeat answer (none: the key is left out, as older centrals did). */
export async function actionsToCarry(store: CentralStore, terminalId: string): Promise<DeliveredAction[]> {
  const carried: DeliveredAction[] = [];
  for (const a of await store.stationActions.deliver(terminalId)) {
    const action: DeliveredAction = { id: a.id, action: a.action, params: a.params, reason: a.reason, by: a.by };
    if (a.action !== 'resolve_job' || a.params.decision !== 'reprint') {
      carried.push(action);
      continue;
    }
    const scope = await store.staffScope(a.by);
    const site = (await store.terminalState(terminalId))?.site ?? null;
    const refusal = scope ? maintenanceRefusal(scope, site) : 'no such staff member';
    if (refusal) {
      await store.stationActions.recordResult(terminalId, {
        id: a.id,
        state: 'refused',
        outcome: `Not carried to the station: ${refusal}.`,
      });
      continue;
    }
    // Carried again with every heartbeat until answered, each time with a new grant (they last minutes);
    // the remote action's own audit events say who asked, so the grant is not audited as maintenance.
    const grant = await store.issueStaffGrant(terminalId, a.by, { forAction: a.id });
    carried.push({ ...action, staffGrant: grant.token });
  }
  return carried;
}
