/**
 * A real station for remote-action tests (issue #18): the hosted kiosk with its built-in central,
 * heartbeating every second (closed when the test ends), and asking it for actions at central as the
 * demo's staff member (an admin), as the dashboard and `estation central station` do.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askStation } from '../../central/actions/request.js';
import type { StationAction } from '../../central/store/station-actions.js';
import { parseConfig } from '../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../main/cli/hosted-kiosk.js';
import { createLogger } from '../../main/core/log.js';
import { FINISHED_STATES, type ActionState } from '../../shared/station-actions.js';
import { waitFor } from './pty.js';

/** Opens (not starts) a station whose log is kept in memory only (`log.recent()`). */
export function openRemoteStation(name: string): Promise<HostedKiosk> {
  const base = mkdtempSync(join(tmpdir(), `estation-remote-${name}-`));
  return createHostedKiosk(
    parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      central: { url: 'embedded', heartbeatS: 1 },
    }),
    { log: createLogger({ write: () => {} }), renderInWorker: false },
  );
}

export const demoStaff = (k: HostedKiosk) => k.central!.people.find((p) => p.role === 'staff')!;

/** Asks the station for an action at its central as the demo's staff member; throws if refused. */
export async function askAsStaff(
  k: HostedKiosk,
  action: string,
  params: unknown = {},
  reason = 'checked from the office',
): Promise<StationAction> {
  const asked = await askStation(k.central!.store, {
    terminalId: k.config.terminal.id,
    action,
    params,
    reason,
    staffId: demoStaff(k).id,
    via: 'test',
  });
  if (!asked.ok) throw new Error(asked.message);
  return asked.action;
}

/** Reads the action at central until it is in one of `states` (default: finished) and returns it. */
export async function untilAction(
  k: HostedKiosk,
  id: string,
  states: readonly ActionState[] = FINISHED_STATES,
): Promise<StationAction> {
  let now: StationAction | null = null;
  await waitFor(
    () => (
      void k.central!.store.stationActions.byId(id).then((a) => (now = a)),
      now !== null && states.includes(now.state)
    ),
    `action ${id} to be ${states.join(' or ')}`,
    30_000,
  );
  return now!;
}
