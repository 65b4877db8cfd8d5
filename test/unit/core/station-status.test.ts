/**
 * The status line reads the station's state and changes nothing: a queue that cannot be read shows as
 * a storage failure for as long as it cannot be read, and asking twice answers the same.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import type { Printer, PrinterStatus } from '../../../drivers/printer/types.js';
import { silentLogger } from '../../../main/core/log.js';
import { sessionTiming } from '../../../main/core/session/timing.js';
import { StationStatus, type StatusContext } from '../../../main/core/station/station-status.js';

const READY: PrinterStatus = { state: 'idle', acceptingJobs: true, conditions: [], supplies: [] };

const printer: Printer = {
  id: 'p1',
  submit: async () => ({ printer: 'p1', id: '1' }),
  jobState: async () => ({ state: 'completed', reasons: [] }),
  findJob: async () => null,
  status: async () => READY,
  close: async () => {},
};

const config = parseConfig({}, null, {});
const context: StatusContext = {
  config,
  timing: sessionTiming(config),
  central: { state: 'online', tokenRefused: false },
  demo: false,
  receipt: false,
};

describe('station status', () => {
  it('shows an unreadable queue as a storage failure without remembering it', async () => {
    let broken = true;
    let changes = 0;
    const station = new StationStatus({
      printer,
      jobs: {
        backlog: () => {
          if (broken) throw new Error('disk I/O error');
          return { backlog: 0, oldestAgeS: null };
        },
      },
      log: silentLogger(),
      onChange: () => changes++,
    });
    await station.refreshPrinter();
    station.onReader({ state: 'connected', readerId: 'r1' });
    changes = 0;

    const first = station.view(context);
    expect(first.outOfService).toBe(true);
    expect(first.reasons.map((r) => r.en)).toEqual(['Local storage failure: this station is paused']);
    expect(station.view(context)).toEqual(first);
    expect(changes).toBe(0);

    broken = false;
    expect(station.view(context)).toMatchObject({ outOfService: false, reasons: [] });
  });

  it('keeps a failure the storage probe reported until it reports recovery', async () => {
    const station = new StationStatus({
      printer,
      jobs: { backlog: () => ({ backlog: 2, oldestAgeS: 5 }) },
      log: silentLogger(),
      onChange: () => {},
    });
    await station.refreshPrinter();
    station.onReader({ state: 'connected', readerId: 'r1' });
    station.setStorageFailed(true);
    expect(station.view(context)).toMatchObject({ outOfService: true, queue: { backlog: 2, oldestAgeS: 5 } });
    station.setStorageFailed(false);
    expect(station.view(context).outOfService).toBe(false);
  });
});
