/**
 * A kiosk whose central server is down at start keeps running, says "out of service", refuses cards
 * with a clear reason, and comes back into service by itself once central is up (its signing key
 * registered then, by the station task that kept asking).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';

/**
 * A port held for central until it starts: a listener that drops every connection (central is
 * "down": connections fail), so no other test can take the port in the meantime.
 */
async function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  const srv = createServer((socket) => socket.destroy());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  return { port, release: () => new Promise((r) => srv.close(() => r())) };
}

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met, last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let kiosk: HostedKiosk | undefined;
let central: RunningCentral | undefined;
afterAll(async () => {
  await kiosk?.close();
  await central?.close();
});

describe('central down at start', () => {
  it('serves nobody while central is down and recovers without a restart', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-central-down-'));
    const centralDir = join(base, 'central');
    const store = await SqliteCentralStore.open(join(centralDir, 'central.sqlite'));
    const token = await store.enrollTerminal('t-1', 'Test station');
    await store.close();
    const { port, release } = await reservePort();

    const config = parseConfig({
      terminal: { id: 't-1', name: 'Test station' },
      central: { url: `http://127.0.0.1:${port}`, token, timeoutMs: 1000, heartbeatS: 1 },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
    });
    kiosk = await createHostedKiosk(config, { log: silentLogger() });
    const sessions: string[] = [];
    kiosk.core.on('session', (s) => sessions.push(s.state === 'rejected' ? `rejected:${s.reason}` : s.state));
    await kiosk.core.start();

    const down = kiosk.core.getStatus();
    expect(down.central).toBe('offline');
    expect(down.outOfService).toBe(true);
    expect(down.reasons.map((r) => r.en)).toContain('The university server cannot be reached right now');

    const reader = findSimulatedReader(kiosk.readers)!;
    reader.swipe('0010000227');
    await until(
      () => sessions,
      (s) => s.includes('rejected:central_unreachable'),
    );

    await release();
    central = await startCentralServer({ dataDir: centralDir, port, seedDemo: true });
    const up = await until(
      () => kiosk!.core.getStatus(),
      (s) => s.central === 'online',
    );
    expect(up.outOfService).toBe(false);
    // The station's own tasks kept running through the outage: its signing key, refused while central
    // was down, is registered once central is up (asked again every heartbeat interval, here 1 s).
    const keys = await until(
      () => central!.store.signingKeys.all(),
      (k) => k.some((key) => key.terminalId === 't-1'),
    );
    expect(keys.filter((key) => key.terminalId === 't-1')).toHaveLength(1);

    kiosk.core.endSession();
    reader.swipe(central.people[0]!.card);
    await until(
      () => kiosk!.core.getSession(),
      (s) => s.state === 'active',
    );
    const session = kiosk.core.getSession();
    expect(session.state === 'active' && session.person.name).toBe(central.people[0]!.name);
  });
});
