/**
 * A real hosted kiosk (real core, file printer, simulated card reader) talking HTTP to a central a test
 * started (test/integration/central/central-fixture.ts) as terminal `kiosk-a`, in a fresh temporary
 * folder; and waiting for its session, which a card tap changes asynchronously.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { parseConfig } from '../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../main/core/log.js';
import type { SessionView } from '../../shared/kiosk-api.js';

/** Starts the kiosk as `kiosk-a` of `central`; it is closed when the test that started it ends. */
export async function startKioskAtCentral(
  central: { url: string; tokens: { 'kiosk-a': string } },
  name: string,
  /** More of the kiosk configuration (a receipt printer). */
  extra: Record<string, unknown> = {},
): Promise<HostedKiosk> {
  const base = mkdtempSync(join(tmpdir(), `estation-${name}-`));
  const config = parseConfig({
    terminal: { id: 'kiosk-a', name: 'kiosk-a' },
    central: { url: central.url, token: central.tokens['kiosk-a'], timeoutMs: 5000, heartbeatS: 30 },
    dataDir: join(base, 'kiosk'),
    printer: { type: 'file', dir: join(base, 'prints') },
    ...extra,
  });
  const kiosk = await createHostedKiosk(config, { log: silentLogger() });
  onTestFinished(() => kiosk.close());
  await kiosk.core.start();
  return kiosk;
}

/** The station's session once it is in `state` (polled: the tap's lookup at central takes its time). */
export async function sessionIn<S extends SessionView['state']>(
  kiosk: HostedKiosk,
  state: S,
  timeoutMs = 30_000,
): Promise<Extract<SessionView, { state: S }>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const session = kiosk.core.getSession();
    if (session.state === state) return session as Extract<SessionView, { state: S }>;
    if (Date.now() > end) throw new Error(`the session never became ${state}; it is: ${JSON.stringify(session)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
