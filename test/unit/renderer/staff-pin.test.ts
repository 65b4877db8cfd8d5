/** The staff PIN screen's composable: digits, the one state union, and what each answer of the core shows. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createKioskStore } from '../../../renderer/src/composables/useKiosk';
import { PIN_MAX_DIGITS, useStaffPin } from '../../../renderer/src/composables/useStaffPin';
import { FakeKioskClient, settle } from './fake-kiosk-client';
import { kioskStatus, staffPinSession } from './fixtures';

let client: FakeKioskClient;

async function pinScreen(attemptsLeft = 3) {
  client.answer('getStatus', kioskStatus());
  client.answer('getSession', staffPinSession(attemptsLeft));
  client.answer('listDemoCards', { cards: [] });
  const store = createKioskStore(client, { clearTraces: () => undefined });
  await settle();
  return useStaffPin(store);
}

function type(pin: ReturnType<typeof useStaffPin>, digits: string): void {
  for (const d of digits) pin.typeDigit(d);
}

beforeEach(() => {
  client = new FakeKioskClient();
});

describe('useStaffPin', () => {
  it('collects digits up to the maximum, deletes and clears them', async () => {
    const pin = await pinScreen();
    type(pin, '1234567890123456');
    expect(pin.pin.value).toBe('123456789012');
    expect(pin.pin.value).toHaveLength(PIN_MAX_DIGITS);
    pin.deleteDigit();
    expect(pin.pin.value).toBe('12345678901');
    pin.clear();
    expect(pin.pin.value).toBe('');
  });

  it('sends nothing shorter than four digits', async () => {
    const pin = await pinScreen();
    type(pin, '123');
    await pin.submit();
    expect(client.waiting('submitStaffPin')).toBe(0);
    expect(pin.state.value).toEqual({ state: 'idle' });
  });

  it('forgets the digits once sent, and says a wrong PIN with the attempts the session has left', async () => {
    const pin = await pinScreen(3);
    expect(pin.attemptsLeft.value).toBe(3);
    type(pin, '2468');
    const sent = pin.submit();
    expect(pin.state.value).toEqual({ state: 'loading' });
    expect(pin.pin.value).toBe('');
    // A second tap while the check runs sends nothing more.
    type(pin, '1111');
    await pin.submit();
    expect(client.waiting('submitStaffPin')).toBe(1);

    expect(client.resolve('submitStaffPin', { ok: false, attemptsLeft: 2 })).toEqual({ pin: '2468' });
    await sent;
    expect(pin.state.value).toEqual({ state: 'error', error: 'wrong' });
    client.emit('session', staffPinSession(2));
    expect(pin.attemptsLeft.value).toBe(2);
  });

  it('a new attempt replaces the last error; a right PIN leaves no error', async () => {
    const pin = await pinScreen();
    type(pin, '0000');
    const wrong = pin.submit();
    client.resolve('submitStaffPin', { ok: false, attemptsLeft: 2 });
    await wrong;
    type(pin, '246810');
    const right = pin.submit();
    expect(pin.state.value).toEqual({ state: 'loading' });
    client.resolve('submitStaffPin', { ok: true, attemptsLeft: 3 });
    await right;
    expect(pin.state.value).toEqual({ state: 'idle' });
  });

  it('tells an unreachable central server apart from any other failure', async () => {
    const pin = await pinScreen();
    type(pin, '2468');
    const down = pin.submit();
    client.reject('submitStaffPin', 'central_unreachable');
    await down;
    expect(pin.state.value).toEqual({ state: 'error', error: 'central' });

    type(pin, '2468');
    const broken = pin.submit();
    client.reject('submitStaffPin', 'timeout');
    await broken;
    expect(pin.state.value).toEqual({ state: 'error', error: 'generic' });
  });

  it('cancel ends the session', async () => {
    const pin = await pinScreen();
    client.answer('endSession', { ok: true });
    await pin.cancel();
    expect(client.calls.at(-1)?.method).toBe('endSession');
  });
});
