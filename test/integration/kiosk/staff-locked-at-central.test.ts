/**
 * A staff card that central locked at this terminal (wrong PINs from here, kept in central's database
 * across restarts of the station: issue #12, finding 9) is told as it is at the station: "locked for
 * N minutes", even for the right PIN, never "PIN wrong".
 */
import { describe, expect, it } from 'vitest';
import { terminalSource } from '../../../central/store/security-alerts.js';
import { STAFF_PIN_MAX_FAILURES } from '../../../central/domain/lockout.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { sessionIn, startKioskAtCentral } from '../../helpers/kiosk-at-central.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();

describe('a staff card locked at central for this terminal', () => {
  it('the station says it is locked and for how long, also for the right PIN', async () => {
    const staff = central.people.find((p) => p.role === 'staff' && p.pin)!;
    for (let i = 0; i < STAFF_PIN_MAX_FAILURES; i++)
      await central.store.checkStaffPin(staff.card, '000000', terminalSource('kiosk-a'));

    const kiosk = await startKioskAtCentral(central, 'staff-locked');
    findSimulatedReader(kiosk.readers)!.swipe(staff.card);
    await sessionIn(kiosk, 'staff_pin');
    const answer = await kiosk.core.submitStaffPin({ pin: staff.pin! });
    expect(answer).toMatchObject({ ok: false, attemptsLeft: 0 });
    expect(answer.lockedForS).toBeGreaterThan(14 * 60);
    expect(kiosk.core.getSession()).toMatchObject({ state: 'rejected', reason: 'staff_locked' });
  });
});
