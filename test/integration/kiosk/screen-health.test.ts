/**
 * The web-mode watchdog's word reaches central (issue #12, finding 5): each browser restart is in the
 * station's health on the dashboard, and a browser the watchdog gave up on makes the station out of
 * service there. Real kiosk core, real embedded central over HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import type { TerminalsResponse } from '../../../shared/central-api.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => kiosk?.close());

describe('the kiosk browser in the station health', () => {
  it('a restarted browser shows in the health at central; one given up on puts the station out of service', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-screen-health-'));
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
    type Overview = TerminalsResponse['terminals'][number];
    /** The dashboard's overview of this station once `ok` holds (heartbeats come every second). */
    const lookUntil = async (ok: (t: Overview) => boolean): Promise<Overview | undefined> => {
      let overview: Overview | undefined;
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } });
        overview = ((await res.json()) as TerminalsResponse).terminals.find((t) => t.id === k.config.terminal.id);
        if (overview && ok(overview)) return overview;
        await new Promise((r) => setTimeout(r, 100));
      }
      return overview;
    };

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
