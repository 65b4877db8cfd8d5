/**
 * When central pauses a station's card lookups (too many, too fast: issue #12, finding 8), the student
 * at that station is told what happened and for how long (`too_many_lookups` with the wait), not that
 * central is unreachable, and the station stays online.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { useCentral } from '../central/central-fixture.js';

// One lookup, then one a minute: the second tap is over the limit.
const central = useCentral({ lookupLimits: { lookup: { burst: 1, perMinute: 1 }, miss: { burst: 1, perMinute: 1 } } });

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

describe('card lookups paused by central', () => {
  it('tells the student the station is pausing card reads, and for how long', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-lookups-paused-'));
    const config = parseConfig({
      terminal: { id: 'kiosk-a', name: 'kiosk-a' },
      central: { url: central.url, token: central.tokens['kiosk-a'], timeoutMs: 5000, heartbeatS: 30 },
      dataDir: join(base, 'kiosk'),
      printer: { type: 'file', dir: join(base, 'prints') },
    });
    kiosk = await createHostedKiosk(config, { log: silentLogger() });
    await kiosk.core.start();
    const reader = findSimulatedReader(kiosk.readers)!;
    const [first, second] = central.students;

    reader.swipe(first!.card);
    await until(
      () => kiosk!.core.getSession(),
      (s) => s.state === 'active',
    );
    kiosk.core.endSession();
    reader.swipe(second!.card);
    const paused = await until(
      () => kiosk!.core.getSession(),
      (s) => s.state === 'rejected',
    );
    expect(paused).toMatchObject({ state: 'rejected', reason: 'too_many_lookups', retryInS: 60 });
    expect(kiosk.core.getStatus().central).toBe('online');
  });
});
