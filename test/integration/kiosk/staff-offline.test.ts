/**
 * Maintenance mode while central is unreachable: only a staff card and PIN that central accepted
 * (and has not refused since) open it, with the PIN checked against the station's hashed cache.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

const PIN = '246810'; // the first demo staff card's PIN (central/seed)
let kiosk: HostedKiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function station(offlineAccessDays: number): Promise<{ k: HostedKiosk; tap: (card: string) => Promise<string> }> {
  const base = mkdtempSync(join(tmpdir(), 'estation-staff-offline-'));
  const k = (kiosk = await createHostedKiosk(
    parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      staff: { offlineAccessDays },
    }),
    { log: silentLogger(), renderInWorker: false },
  ));
  await k.core.start();
  const reader = findSimulatedReader(k.readers)!;
  /** Taps a card and returns the session state it leads to (`rejected:<reason>` for a refusal). */
  const tap = async (card: string) => {
    k.core.endSession();
    reader.swipe(card);
    let seen = '';
    await waitFor(() => {
      const s = k.core.getSession();
      seen = s.state === 'rejected' ? `rejected:${s.reason}` : s.state;
      return seen !== 'idle';
    }, `the kiosk to answer card ${card}`);
    return seen;
  };
  return { k, tap };
}

const staffCard = (k: HostedKiosk) => k.central!.people.find((p) => p.role === 'staff')!.card;

describe('maintenance mode without central', () => {
  it('opens for a card and PIN central accepted before, and not once central has refused that PIN', async () => {
    const { k, tap } = await station(14);
    const card = staffCard(k);
    expect(await tap(card)).toBe('staff_pin');
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });

    await k.core.simulateFaults({ central: 'down' });
    expect(await tap(card)).toBe('staff_pin');
    expect(await k.core.submitStaffPin({ pin: '111111' })).toMatchObject({ ok: false, attemptsLeft: 2 });
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });
    expect(k.core.getSession().state).toBe('maintenance');
    expect((await k.core.getMaintenance()).central).toBe('offline');

    // Back online, central refuses a PIN for this card (changed, or the card revoked): forgotten here.
    await k.core.simulateFaults({ central: 'up' });
    expect(await tap(card)).toBe('staff_pin');
    expect(await k.core.submitStaffPin({ pin: '222222' })).toMatchObject({ ok: false });
    await k.core.simulateFaults({ central: 'down' });
    expect(await tap(card)).toBe('rejected:central_unreachable');
  });

  it('needs central when offline access is switched off', async () => {
    const { k, tap } = await station(0);
    const card = staffCard(k);
    expect(await tap(card)).toBe('staff_pin');
    expect(await k.core.submitStaffPin({ pin: PIN })).toMatchObject({ ok: true });
    await k.core.simulateFaults({ central: 'down' });
    expect(await tap(card)).toBe('rejected:central_unreachable');
  });

  it('checks PINs one at a time: parallel wrong PINs cannot slip past the lockout', async () => {
    const { k, tap } = await station(14);
    expect(await tap(staffCard(k))).toBe('staff_pin');
    const store = k.central!.store;
    const verify = store.checkStaffPin.bind(store);
    let checkedAtCentral = 0;
    store.checkStaffPin = (card, pin, source) => (checkedAtCentral++, verify(card, pin, source));
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => k.core.submitStaffPin({ pin: '111111' }).catch((e: { code: string }) => e.code)),
    );
    // Three attempts (the default), then the lockout; the rest are refused without reaching central.
    expect(answers.slice(0, 3)).toEqual([
      { ok: false, attemptsLeft: 2 },
      { ok: false, attemptsLeft: 1 },
      { ok: false, attemptsLeft: 0, lockedForS: expect.any(Number) },
    ]);
    expect(
      answers
        .slice(3)
        .every((a) => a === 'no_session' || (typeof a === 'object' && a.ok === false && a.attemptsLeft === 0)),
    ).toBe(true);
    expect(checkedAtCentral).toBe(3);
  });
});
