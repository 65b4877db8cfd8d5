/**
 * A real hosted kiosk with its central embedded, sending its heartbeat (its health) every second, and
 * the staff dashboard's overview of it as an admin reads it over HTTP: for tests of what a station's
 * health becomes at central.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { parseConfig } from '../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../main/core/log.js';
import type { TerminalsResponse } from '../../shared/central-api.js';

export type TerminalOverview = TerminalsResponse['terminals'][number];

/**
 * Starts the station (closed when the test ends) and enrolls an admin at its central. `lookUntil(ok)`
 * reads the dashboard's overview of the station until `ok` holds and returns it; after about a hundred
 * reads it returns the last one read (the test's assertions then say what is missing).
 */
export async function startStationWithDashboard(name: string): Promise<{
  kiosk: HostedKiosk;
  lookUntil: (ok: (t: TerminalOverview) => boolean) => Promise<TerminalOverview | undefined>;
}> {
  const base = mkdtempSync(join(tmpdir(), `estation-${name}-`));
  const kiosk = await createHostedKiosk(
    parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      central: { url: 'embedded', heartbeatS: 1 },
    }),
    { log: silentLogger(), renderInWorker: false },
  );
  onTestFinished(() => kiosk.close());
  await kiosk.core.start();
  const central = kiosk.central!;
  const admin = await central.store.enrollAdmin('ops', 'Operations');
  const lookUntil = async (ok: (t: TerminalOverview) => boolean) => {
    let overview: TerminalOverview | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } });
      overview = ((await res.json()) as TerminalsResponse).terminals.find((t) => t.id === kiosk.config.terminal.id);
      if (overview && ok(overview)) return overview;
      await new Promise((r) => setTimeout(r, 100));
    }
    return overview;
  };
  return { kiosk, lookUntil };
}
