/**
 * The real kiosk against a central that binds persons to card lookups (`requireCardLookup`): a
 * student's tap, preview and print; a job queued while central is down and authorized hours later,
 * after a restart of the station; a staff reprint days later, for a student whose card is long gone.
 * Central's clock (the store's `now`) is moved on; the station's is not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';
import { useCentral } from './central-fixture.js';

const central = useCentral({ requireCardLookup: true });
const HOUR = 3_600_000;
const base = mkdtempSync(join(tmpdir(), 'estation-binding-kiosk-'));
let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  rmSync(base, { recursive: true, force: true });
});

/** A station `kiosk-a` (simulated reader, file printer); the same folder again is the same station restarted. */
async function station(): Promise<HostedKiosk> {
  const config = parseConfig({
    terminal: { id: 'kiosk-a', name: 'Library' },
    central: { url: central.url, token: central.tokens['kiosk-a'], timeoutMs: 5000, heartbeatS: 1 },
    dataDir: join(base, 'data'),
    printer: { type: 'file', dir: join(base, 'prints') },
  });
  const k = (kiosk = await createHostedKiosk(config, { log: silentLogger(), renderInWorker: false }));
  await k.core.start();
  return k;
}

async function tap(k: HostedKiosk, card: string, state: string): Promise<void> {
  k.core.endSession();
  findSimulatedReader(k.readers)!.swipe(card);
  await waitFor(() => k.core.getSession().state === state, `the session to be ${state}`);
}

const status = (k: HostedKiosk, id: string) => k.jobs.get(id).status;

describe('the kiosk with card lookups required at central', () => {
  it('prints at once, after an outage and a restart hours later, and reprints for staff days later', async () => {
    const student = central.students[0]!;
    let k = await station();
    await tap(k, student.card, 'active');
    expect((await k.core.previewDocument({ kind: 'transcript', language: 'zh' })).pages).toBeGreaterThan(0);
    const now = await k.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
    });
    const printed = now.jobs[0]!.jobId;
    await waitFor(() => status(k, printed) === 'confirmed', 'the first document printed', 60_000);

    // The printer loses the next job: it waits for staff.
    await k.core.simulateFaults({ printer: 'job-lost' });
    const lost = (
      await k.core.requestPrint({
        requestId: crypto.randomUUID(),
        items: [{ kind: 'enrollment', language: 'en', copies: 1 }],
      })
    ).jobs[0]!.jobId;
    await waitFor(() => status(k, lost) === 'needs_attention', 'the lost job to need attention', 60_000);
    await k.core.simulateFaults({ printer: 'ok' });

    // Central goes down; the student asks for a transcript, which waits in the queue; the station restarts.
    await k.core.simulateFaults({ central: 'down' });
    const queued = (
      await k.core.requestPrint({
        requestId: crypto.randomUUID(),
        items: [{ kind: 'transcript', language: 'zh', copies: 1 }],
      })
    ).jobs[0]!.jobId;
    expect(status(k, queued)).toBe('requested');
    await k.close();
    kiosk = undefined;

    // Five hours later (long past the 30 minutes of document data after a tap) central is back.
    central.advance(5 * HOUR);
    k = await station();
    await waitFor(() => status(k, queued) === 'confirmed', 'the queued transcript printed', 60_000);
    expect(await central.store.document(queued)).toMatchObject({
      status: 'printed',
      terminalId: 'kiosk-a',
      personId: student.id,
    });

    // Three days later staff reprint the lost job: no card of the student has been read since.
    central.advance(72 * HOUR);
    await tap(k, central.people.find((p) => p.role === 'staff')!.card, 'staff_pin');
    expect(await k.core.submitStaffPin({ pin: '246810' })).toMatchObject({ ok: true });
    const { newJobId } = await k.core.reprintJob({ jobId: lost, reason: 'not_printed' });
    await waitFor(() => status(k, newJobId) === 'confirmed', 'the reprint printed', 60_000);
    expect(await central.store.document(newJobId)).toMatchObject({ status: 'printed', reprintOf: lost });
    expect(await central.store.document(lost)).toMatchObject({ reprintedAs: newJobId });

    // With every job done and no tap for days, the student's data is closed to the station again.
    const refused = await central.post('/v1/documents/data', {
      personId: student.id,
      kind: 'transcript',
      language: 'zh',
    });
    expect(refused.status).toBe(403);
  }, 180_000);
});
