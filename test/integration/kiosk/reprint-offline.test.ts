/**
 * A staff reprint made in maintenance mode opened offline (issue #12, finding 7): the station's cached
 * staff credentials cannot make central grant anything, so the reprint is not sent, not failed, but
 * waits for staff, flagged; once a staff member checks their PIN with central reachable and acknowledges
 * the flag, it is authorized with their grant and prints. The real kiosk with its built-in central.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { WAITING_FOR_STAFF_GRANT } from '../../../main/core/queue/reprint-staff.js';
import { waitFor } from '../../helpers/pty.js';
import { lostJob } from '../../helpers/lost-job.js';

const PIN = '246810'; // the first demo staff card's PIN (central/seed)
let kiosk: HostedKiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function tap(k: HostedKiosk, card: string, state: string): Promise<void> {
  k.core.endSession();
  findSimulatedReader(k.readers)!.swipe(card);
  await waitFor(() => k.core.getSession().state === state, `the session to be ${state}`);
}

describe('a reprint made offline', () => {
  it('waits for a staff PIN checked by central, then prints with that staff member on record', async () => {
    const base = mkdtempSync(join(tmpdir(), 'estation-reprint-offline-'));
    const k = (kiosk = await createHostedKiosk(
      parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
      { log: silentLogger(), renderInWorker: false },
    ));
    await k.core.start();
    const central = k.central!;
    const staff = central.people.find((p) => p.role === 'staff')!;

    // The printer loses a job: it waits for staff.
    const lost = await lostJob(k);

    // The staff card was checked by central once (so it is cached); then central becomes unreachable.
    await tap(k, staff.card, 'staff_pin');
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });
    await k.core.simulateFaults({ central: 'down' });
    await tap(k, staff.card, 'staff_pin');
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });
    const { newJobId } = await k.core.reprintJob({ jobId: lost, reason: 'paper_jam' });
    expect(k.jobs.get(newJobId)).toMatchObject({ status: 'requested', flag: WAITING_FOR_STAFF_GRANT });

    // Central is back, but the offline staff check granted nothing: the reprint is not sent.
    await k.core.simulateFaults({ central: 'up' });
    await k.core.syncNow();
    expect(k.jobs.get(newJobId)).toMatchObject({ status: 'requested', flag: WAITING_FOR_STAFF_GRANT });
    expect(await central.store.document(newJobId)).toBeNull();
    // Acknowledging it in the offline-opened session does not send it either: it says what to do.
    await expect(k.core.acknowledgeFlag({ jobId: newJobId, reason: 'other' })).rejects.toThrow(
      /staff PIN checked by central/,
    );

    // A staff member checks their PIN with central and acknowledges the flag: the reprint goes, with the
    // reason given when it was made, and the staff member whose grant sent it.
    await tap(k, staff.card, 'staff_pin');
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });
    await k.core.acknowledgeFlag({ jobId: newJobId, reason: 'other' });
    await waitFor(() => k.jobs.get(newJobId).status === 'confirmed', 'the reprint printed', 60_000);
    expect(await central.store.document(newJobId)).toMatchObject({ status: 'printed', reprintOf: lost });
    expect(
      central.store.db.prepare('SELECT reprint_staff_id, reprint_reason FROM documents WHERE job_id = ?').get(newJobId),
    ).toEqual({ reprint_staff_id: staff.id, reprint_reason: 'paper_jam' });
  });
});
