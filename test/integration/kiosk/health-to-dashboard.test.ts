/**
 * From a station's devices to the staff dashboard: the kiosk's heartbeats carry its health, and
 * central's terminal overview raises the matching alerts, and clears them when the fault is gone.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import type { TerminalsResponse } from '../../../shared/central-api.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

describe('station health at central', () => {
  it('a printer out of paper at the station becomes an alert on the dashboard, and clears', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-health-'));
    kiosk = await createHostedKiosk(
      parseConfig({
        dataDir: join(base, 'data'),
        printer: { type: 'file', dir: join(base, 'prints') },
        central: { url: 'embedded', heartbeatS: 1 },
      }),
      { log: silentLogger(), renderInWorker: false },
    );
    const k = kiosk;
    await k.core.start();
    const central = k.central!;
    const admin = await central.store.enrollAdmin('ops', 'Operations');
    let overview: TerminalsResponse['terminals'][number] | undefined;
    /** Reads the dashboard's overview of this station until `ok` holds (heartbeats come every second). */
    const lookUntil = async (ok: (t: NonNullable<typeof overview>) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } });
        overview = ((await res.json()) as TerminalsResponse).terminals.find((t) => t.id === k.config.terminal.id);
        if (overview && ok(overview)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    await k.core.simulateFaults({ printer: 'media-empty' });
    await lookUntil((t) => t.alerts.some((a) => a.cause === 'printer'));
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
    await lookUntil((t) => t.alerts.length === 0);
    expect(overview!.alerts).toEqual([]);
    expect(overview!.outOfService).toBe(false);
  }, 60_000);
});
