/**
 * When central pauses a station's card lookups (too many, too fast: issue #12, finding 8), the student
 * at that station is told what happened and for how long (`too_many_lookups` with the wait), not that
 * central is unreachable, and the station stays online.
 */
import { describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { sessionIn, startKioskAtCentral } from '../../helpers/kiosk-at-central.js';
import { useCentral } from '../central/central-fixture.js';

// One lookup, then one a minute: the second tap is over the limit.
const central = useCentral({ lookupLimits: { lookup: { burst: 1, perMinute: 1 }, miss: { burst: 1, perMinute: 1 } } });

describe('card lookups paused by central', () => {
  it('tells the student the station is pausing card reads, and for how long', async () => {
    const kiosk = await startKioskAtCentral(central, 'lookups-paused');
    const reader = findSimulatedReader(kiosk.readers)!;
    const [first, second] = central.students;

    reader.swipe(first!.card);
    await sessionIn(kiosk, 'active');
    kiosk.core.endSession();
    reader.swipe(second!.card);
    const paused = await sessionIn(kiosk, 'rejected');
    expect(paused).toMatchObject({ state: 'rejected', reason: 'too_many_lookups', retryInS: 60 });
    expect(kiosk.core.getStatus().central).toBe('online');
  });
});
