/**
 * The remote action "restart the kiosk app" in web mode (issue #18): the CLI process closes the kiosk core
 * and opens a new one (main/cli/web-station-host.ts) while the web host keeps its endpoint, a relay
 * (main/web/core-relay.ts) that now calls and listens to the new core. The real hosted kiosk with its
 * built-in central; the restart is asked at central and answered done by the new core.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { askStation } from '../../../central/actions/request.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { webStationHost } from '../../../main/cli/web-station-host.js';
import { createLogger } from '../../../main/core/log.js';
import type { StationAction } from '../../../central/store/station-actions.js';
import { waitFor } from '../../helpers/pty.js';

let current: HostedKiosk | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('restarting the kiosk app in web mode', () => {
  it('opens a new core behind the same endpoint, which answers the restart done and carries its events', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-web-restart-'));
    const first = (current = await createHostedKiosk(
      parseConfig({
        dataDir: join(base, 'data'),
        printer: { type: 'file', dir: join(base, 'prints') },
        central: { url: 'embedded', heartbeatS: 1 },
      }),
      { log: createLogger({ write: () => {} }), renderInWorker: false },
    ));
    const station = webStationHost(first, first.log, (next) => (current = next));
    const events: string[] = [];
    station.endpoint.on('status', (s) => events.push(s.terminalId));
    await first.core.start();
    const store = first.central!.store;
    const asked = await askStation(store, {
      terminalId: first.config.terminal.id,
      action: 'restart',
      params: {},
      reason: 'the page stopped answering',
      staffId: first.central!.people.find((p) => p.role === 'staff')!.id,
      via: 'test',
    });
    if (!asked.ok) throw new Error(asked.message);
    let state: StationAction | null = null;
    await waitFor(
      () => (void store.stationAction(asked.action.id).then((a) => (state = a)), state?.state === 'done'),
      'the new core to answer the restart',
      30_000,
    );
    expect(current).not.toBe(first);
    expect(station.core()).toBe(current!.core);
    expect(state!.outcome).toMatch(/restarted/);
    // The endpoint the web host holds calls the new core and carries its events.
    expect(station.endpoint.getStatus().terminalId).toBe(first.config.terminal.id);
    events.length = 0;
    await current!.core.simulateFaults({ printer: 'media-jam' });
    expect(events.length).toBeGreaterThan(0);
  }, 60_000);
});
