/**
 * A document on its way to paper keeps its student's session: the UI asks nothing of them while it shows
 * the progress, so the core's idle safety net must not end the session under a long (here: held) print,
 * or the student would never see the done screen and its serial numbers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  delete process.env.ESTATION_IDLE_TIMEOUT_S;
  delete process.env.ESTATION_STILL_THERE_S;
});

describe('a long print', () => {
  it('keeps the session past the idle timeout while the document prints, and lets it expire once nothing is left to wait for', async () => {
    // The core ends an untouched session after idle + prompt + 30 s: 32 s here.
    process.env.ESTATION_IDLE_TIMEOUT_S = '1';
    process.env.ESTATION_STILL_THERE_S = '1';
    const base = mkdtempSync(join(tmpdir(), 'estation-long-print-'));
    kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
      { log: silentLogger(), renderInWorker: false },
    );
    const k = kiosk;
    await k.core.start();
    const student = k.central!.people.find((p) => p.role === 'student')!;
    findSimulatedReader(k.readers)!.swipe(student.card);
    await waitFor(() => k.core.getSession().state === 'active', 'the session');

    await k.core.simulateFaults({ printer: 'hold' });
    const { jobs } = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    });
    const id = jobs[0]!.jobId;
    await waitFor(() => k.jobs.get(id).status === 'submitted', 'the document on the printer', 30_000);
    await new Promise((r) => setTimeout(r, 40_000));
    expect(k.jobs.get(id).status).toBe('submitted');
    expect(k.core.getSession().state).toBe('active');

    // Printed: the done screen's own countdown ends the session in the UI; untouched, the core's net does.
    await k.core.simulateFaults({ printer: 'ok' });
    await waitFor(() => k.jobs.get(id).status !== 'submitted', 'the print to finish', 30_000);
    await waitFor(() => k.core.getSession().state === 'idle', 'the session to expire', 60_000);
  }, 180_000);
});
