/**
 * The station's side of remote actions at central (issue #18): what a heartbeat answer carries, and the
 * station's answer. A reprint carries a fresh staff grant for the staff member who asked, bound to this
 * station: the reprint then passes the same rules as one made at the station (central/domain/reprint.ts).
 */
import type { DeliveredAction } from '../../shared/station-actions.js';
import type { CentralStore } from '../store/types.js';

/** The actions for this heartbeat answer (none: the key is left out, as older centrals did). */
export async function actionsToCarry(store: CentralStore, terminalId: string): Promise<DeliveredAction[]> {
  const due = await store.deliverStationActions(terminalId);
  return Promise.all(
    due.map(async (a) => ({
      id: a.id,
      action: a.action,
      params: a.params,
      reason: a.reason,
      by: a.by,
      ...(a.action === 'resolve_job' && a.params.decision === 'reprint'
        ? { staffGrant: (await store.issueStaffGrant(terminalId, a.by)).token }
        : {}),
    })),
  );
}
