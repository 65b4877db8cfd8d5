/**
 * The web-mode watchdog's word reaches central (issue #12, finding 5): each browser restart is in the
 * station's health on the dashboard, and a browser the watchdog gave up on makes the station out of
 * service there. Real kiosk core, real embedded central over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { startStationWithDashboard } from '../../helpers/station-on-dashboard.js';

describe('the kiosk browser in the station health', () => {
  it('a restarted browser shows in the health at central; one given up on puts the station out of service', async () => {
    const { kiosk: k, lookUntil } = await startStationWithDashboard('screen-health');

    const lastRestart = { at: new Date().toISOString(), reason: 'page-unresponsive' as const };
    k.core.setScreenHealth({ state: 'running', restarts: 2, lastRestart });
    const restarted = await lookUntil((t) => t.health?.screen?.restarts === 2);
    expect(restarted?.health?.screen).toEqual({ state: 'running', restarts: 2, lastRestart });
    expect(restarted?.outOfService).toBe(false);

    k.core.setScreenHealth({ state: 'given-up', restarts: 5, lastRestart });
    const dark = await lookUntil((t) => t.health?.screen?.state === 'given-up');
    expect(dark?.health?.screen?.state).toBe('given-up');
    expect(dark?.outOfService).toBe(true);
  }, 60_000);
});
