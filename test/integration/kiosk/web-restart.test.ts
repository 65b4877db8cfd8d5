/**
 * The remote action "restart the kiosk app" in web mode (issue #18): the CLI process closes the kiosk core
 * and opens a new one (main/cli/web-station-host.ts) while the web host keeps its endpoint, a relay
 * (main/web/core-relay.ts) that now calls and listens to the new core. The real hosted kiosk with its
 * built-in central; the restart is asked at central and answered done by the new core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { webStationHost } from '../../../main/cli/web-station-host.js';
import { askAsStaff, openRemoteStation, untilAction } from '../../helpers/remote-station.js';

let current: HostedKiosk | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('restarting the kiosk app in web mode', () => {
  it('opens a new core behind the same endpoint, which answers the restart done and carries its events', async () => {
    const first = (current = await openRemoteStation('web-restart'));
    const station = webStationHost(first, first.log, (next) => (current = next));
    const events: string[] = [];
    station.endpoint.on('status', (s) => events.push(s.terminalId));
    await first.core.start();
    const asked = await askAsStaff(first, 'restart', {}, 'the page stopped answering');
    const state = await untilAction(first, asked.id, ['done']);
    expect(current).not.toBe(first);
    expect(station.core()).toBe(current!.core);
    expect(state.outcome).toMatch(/restarted/);
    // The endpoint the web host holds calls the new core and carries its events.
    expect((await station.endpoint.getStatus({})).terminalId).toBe(first.config.terminal.id);
    events.length = 0;
    await current!.core.simulateFaults({ printer: 'media-jam' });
    expect(events.length).toBeGreaterThan(0);
  }, 60_000);
});
