/**
 * At the station: a staff member whose PIN is right but who may not maintain this station (another site's
 * operator, issue #18) is told so, maintenance stays closed, and the PIN is not remembered for offline use.
 */
import { describe, expect, it } from 'vitest';
import { addStaff, setTerminalSite } from '../../../central/store/staff-accounts.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { hashPin } from '../../../lib/pin-hash.js';
import { KioskApiError } from '../../../main/core/kiosk-api-error.js';
import { sessionIn, startKioskAtCentral } from '../../helpers/kiosk-at-central.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();

describe("a staff card of another site's operator", () => {
  it('is refused with staff_not_this_site and maintenance stays closed', async () => {
    await setTerminalSite(central.store.sql, 'kiosk-a', 'qianfoshan/library');
    await addStaff(
      central.store.sql,
      {
        id: 'op-hjl',
        card: '99000001',
        name: '洪老师',
        role: 'operator',
        sites: ['hongjialou'],
        pinHash: hashPin('864209'),
      },
      new Date().toISOString(),
    );
    const kiosk = await startKioskAtCentral(central, 'staff-other-site');
    findSimulatedReader(kiosk.readers)!.swipe('99000001');
    await sessionIn(kiosk, 'staff_pin');
    const err = await kiosk.core.submitStaffPin({ pin: '864209' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskApiError);
    expect((err as KioskApiError).code).toBe('staff_not_this_site');
    expect(kiosk.core.getSession().state).not.toBe('maintenance');
  });
});
