/**
 * A staff card that central locked at this terminal (wrong PINs from here, kept in central's database
 * across restarts of the station: issue #12, finding 9) is told as it is at the station: "locked for
 * N minutes", even for the right PIN, never "PIN wrong".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalSource } from '../../../central/store/security-alerts.js';
import { STAFF_PIN_MAX_FAILURES } from '../../../central/domain/lockout.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();

async function until<T>(fn: () => T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met, last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
});

describe('a staff card locked at central for this terminal', () => {
  it('the station says it is locked and for how long, also for the right PIN', async () => {
    const staff = central.people.find((p) => p.role === 'staff' && p.pin)!;
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES; i++)
      await central.store.checkStaffPin(staff.card, '000000', terminalSource('kiosk-a'));

    const base = mkdtempSync(join(tmpdir(), 'estation-staff-locked-'));
    const config = parseConfig({
      terminal: { id: 'kiosk-a', name: 'kiosk-a' },
      central: { url: central.url, token: central.tokens['kiosk-a'], timeoutMs: 5000, heartbeatS: 30 },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
    });
    kiosk = await createHostedKiosk(config, { log: silentLogger() });
    await kiosk.core.start();
    findSimulatedReader(kiosk.readers)!.swipe(staff.card);
    await until(
      () => kiosk!.core.getSession(),
      (s) => s.state === 'staff_pin',
    );
    const answer = await kiosk.core.submitStaffPin({ pin: staff.pin! });
    expect(answer).toMatchObject({ ok: false, attemptsLeft: 0 });
    expect(answer.lockedForS).toBeGreaterThan(14 * 60);
    expect(kiosk.core.getSession()).toMatchObject({ state: 'rejected', reason: 'staff_locked' });
  });
});
