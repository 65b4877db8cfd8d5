/**
 * Maintenance mode's composable: the page's load state, one action at a time with its result, and a
 * refresh on every status event and every few seconds until the screen goes away.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { createKioskStore, type KioskStore } from '../../../renderer/src/composables/useKiosk';
import { MAINTENANCE_REFRESH_MS, useMaintenance } from '../../../renderer/src/composables/useMaintenance';
import { FakeKioskClient, settle } from './fake-kiosk-client';
import { kioskStatus, maintenanceView } from './fixtures';

let client: FakeKioskClient;
let store: KioskStore;
let scope: EffectScope;

beforeEach(async () => {
  client = new FakeKioskClient();
  client.answer('getStatus', kioskStatus());
  client.answer('getSession', { state: 'maintenance', sessionId: 'staff-1', staffName: '马建国' });
  client.answer('listDemoCards', { cards: [] });
  store = createKioskStore(client, { clearTraces: () => undefined });
  await settle();
  scope = effectScope();
});
afterEach(() => {
  scope.stop();
  vi.useRealTimers();
});

/** The composable as the maintenance screen runs it, inside a scope that the test ends. */
function open(): ReturnType<typeof useMaintenance> {
  const m = scope.run(() => useMaintenance(store));
  if (!m) throw new Error('the scope did not run');
  return m;
}

const maintenanceCalls = () => client.calls.filter((c) => c.method === 'getMaintenance').length;

describe('useMaintenance', () => {
  it('loads the page, then says when it could not', async () => {
    const m = open();
    expect(m.state.value).toBe('loading');
    client.resolve('getMaintenance', maintenanceView({ staffName: '马建国' }));
    await settle();
    expect(m.state.value).toBe('idle');
    expect(m.view.value?.staffName).toBe('马建国');

    const again = m.refresh();
    client.reject('getMaintenance', 'timeout');
    await again;
    expect(m.state.value).toBe('error');
  });

  it('runs one action at a time and keeps its result, with the code when it failed', async () => {
    client.answer('getMaintenance', maintenanceView());
    const m = open();
    const first = m.testPrint();
    expect(m.busy.value).toBe(true);
    void m.syncNow();
    expect(client.waiting('syncNow')).toBe(0);

    client.reject('testPrint', 'printer_not_ready');
    await first;
    expect(m.busy.value).toBe(false);
    expect(m.result.value).toEqual({ action: 'testPrint', ok: false, code: 'printer_not_ready' });

    const sync = m.syncNow();
    client.resolve('syncNow', { ok: true, settled: 2 });
    await sync;
    expect(m.result.value).toEqual({ action: 'syncNow', ok: true });
  });

  it('refreshes on status events and on a timer, and stops when its screen goes away', async () => {
    vi.useFakeTimers();
    client.answer('getMaintenance', maintenanceView());
    open();
    await vi.advanceTimersByTimeAsync(0);
    expect(maintenanceCalls()).toBe(1);

    client.emit('status', kioskStatus({ central: 'offline' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(maintenanceCalls()).toBe(2);
    await vi.advanceTimersByTimeAsync(MAINTENANCE_REFRESH_MS);
    expect(maintenanceCalls()).toBe(3);

    scope.stop();
    client.emit('status', kioskStatus());
    await vi.advanceTimersByTimeAsync(MAINTENANCE_REFRESH_MS * 3);
    expect(maintenanceCalls()).toBe(3);
  });
});
