/**
 * A kiosk with an ESC/POS receipt printer on a serial line (a socat pseudo-terminal pair): once a
 * print request's documents are out, one receipt with their serials comes out of the serial line.
 */
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { DEMO_INSTITUTION } from '../../../shared/institution.js';
import { localDateTime } from '../../../shared/local-date.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
let pty: PtyPair | undefined;
afterAll(async () => {
  await kiosk?.close();
  await pty?.close();
});

describe('receipt printer', () => {
  it('prints one receipt with the serials of a request once its documents are printed', async () => {
    pty = await createPtyPair();
    let received = Buffer.alloc(0);
    const wire = createReadStream(pty.a);
    wire.on('data', (d) => (received = Buffer.concat([received, d as Buffer])));
    wire.on('error', () => {});

    const base = mkdtempSync(join(tmpdir(), 'estation-receipt-'));
    const config = parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      receiptPrinter: { type: 'escpos-serial', path: pty.b },
    });
    kiosk = await createHostedKiosk(config, { log: silentLogger(), renderInWorker: false });
    await kiosk.core.start();
    // An institution far from both UTC and Beijing: the receipt's time line is on its clock.
    await kiosk.central!.store.setInstitution({ ...DEMO_INSTITUTION, timezone: 'Pacific/Kiritimati' }, 'test');
    const before = new Date();
    const student = kiosk.central!.people.find((p) => p.role === 'student')!;
    findSimulatedReader(kiosk.readers)!.swipe(student.card);
    await waitFor(() => kiosk!.core.getSession().state === 'active', 'the session');

    const { jobs } = await kiosk.core.requestPrint({
      requestId: crypto.randomUUID(),
      items: [
        { kind: 'enrollment', language: 'zh', copies: 1 },
        { kind: 'enrollment', language: 'en', copies: 1 },
      ],
    });
    await waitFor(
      () => jobs.every((j) => ['printed', 'reported', 'confirmed'].includes(kiosk!.jobs.get(j.jobId).status)),
      'both documents printed',
      60_000,
    );
    const serials = jobs.map((j) => kiosk!.jobs.get(j.jobId).serial!);
    // The cut (GS V) ends a receipt: wait for all of it.
    await waitFor(
      () => serials.every((s) => received.includes(s)) && received.includes('\x1dV'),
      'the whole receipt on the serial line',
      30_000,
    );

    const text = received.toString('latin1');
    const hours = [before, new Date()].map((t) => localDateTime(t, 'Pacific/Kiritimati').slice(0, 13));
    expect(
      hours.some((h) => text.includes(h)),
      `a time line in ${hours.join(' or ')}`,
    ).toBe(true);
    for (const s of serials) expect(text.split(s).length - 1).toBeGreaterThanOrEqual(1);
    // ESC @ (initialize) starts a receipt and GS V cuts it: exactly one receipt for one request.
    expect(text.split('\x1b@').length - 1).toBe(1);
    expect(text).toContain('\x1dV');
  });
});
