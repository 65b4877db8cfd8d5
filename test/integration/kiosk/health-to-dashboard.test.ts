/**
 * From a station's devices to the staff dashboard: the kiosk's heartbeats carry its health, and
 * central's terminal overview raises the matching alerts, and clears them when the fault is gone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStationWithDashboard, type TerminalOverview } from '../../helpers/station-on-dashboard.js';

describe('station health at central', () => {
  it('a printer out of paper at the station becomes an alert on the dashboard, and clears', async () => {
    const { kiosk: k, lookUntil } = await startStationWithDashboard('health');
    let overview: TerminalOverview | undefined;

    await k.core.simulateFaults({ printer: 'media-empty' });
    overview = await lookUntil((t) => t.alerts.some((a) => a.cause === 'printer'));
    expect(overview!.health!.printer.conditions.map((c) => c.keyword)).toContain('media-empty');
    expect(overview!.alerts).toContainEqual(
      expect.objectContaining({
        cause: 'printer',
        severity: 'error',
        message: { zh: '打印机缺纸', en: 'The printer is out of paper' },
      }),
    );
    expect(overview!.outOfService).toBe(true);
    expect(overview!.health!.templates.map((t) => t.id)).toContain('enrollment-zh');
    // The station says its software version (package.json's) and its clock, which is central's here.
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(overview!.softwareVersion).toBe(pkg.version);
    expect(Math.abs(overview!.clockOffsetMs!)).toBeLessThan(5000);

    await k.core.simulateFaults({ printer: 'ok' });
    overview = await lookUntil((t) => t.alerts.length === 0);
    expect(overview!.alerts).toEqual([]);
    expect(overview!.outOfService).toBe(false);
  }, 60_000);
});
