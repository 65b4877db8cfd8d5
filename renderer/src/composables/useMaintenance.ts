/** Maintenance mode's data and actions, with an explicit state for the view and for each action. */
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { DemoFaults, MaintenanceView, ResolveReason } from '../../../shared/kiosk-api';
import { errorCodeOf, type LoadState } from './load-state';
import { useKiosk, type KioskStore } from './useKiosk';

/** How often the page reloads by itself, besides every status event. */
export const MAINTENANCE_REFRESH_MS = 5000;

export type ActionResult = { action: string; ok: boolean; code?: string } | null;

export function useMaintenance(store: KioskStore = useKiosk()) {
  const { client, status } = store;
  const view = shallowRef<MaintenanceView | null>(null);
  const state = ref<LoadState>('loading');
  const busy = ref(false);
  const result = ref<ActionResult>(null);
  const faults = ref<DemoFaults | null>(null);

  async function refresh(): Promise<void> {
    try {
      view.value = await client.call('getMaintenance', {});
      state.value = 'idle';
    } catch {
      state.value = 'error';
    }
  }

  async function run(action: string, fn: () => Promise<unknown>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    try {
      await fn();
      result.value = { action, ok: true };
    } catch (err) {
      result.value = { action, ok: false, code: errorCodeOf(err) };
    } finally {
      busy.value = false;
      await refresh();
    }
  }

  // Device and queue changes arrive as status events; keep the page current without polling hard.
  // The watch and the timer end with the scope that made them (the screen's component).
  watch(status, () => void refresh());
  void refresh();
  const timer = setInterval(() => void refresh(), MAINTENANCE_REFRESH_MS);
  onScopeDispose(() => clearInterval(timer));

  return {
    view,
    state,
    busy,
    result,
    faults,
    refresh,
    cancel: (jobId: string, reason: ResolveReason) => run('cancel', () => client.call('cancelJob', { jobId, reason })),
    reprint: (jobId: string, reason: ResolveReason) =>
      run('reprint', () => client.call('reprintJob', { jobId, reason })),
    markPrinted: (jobId: string, reason: ResolveReason) =>
      run('markPrinted', () => client.call('markJobPrinted', { jobId, reason })),
    acknowledge: (jobId: string, reason: ResolveReason) =>
      run('acknowledge', () => client.call('acknowledgeFlag', { jobId, reason })),
    testPrint: () => run('testPrint', () => client.call('testPrint', {})),
    syncNow: () => run('syncNow', () => client.call('syncNow', {})),
    setFault: (change: Partial<DemoFaults>) =>
      run('fault', async () => {
        faults.value = await client.call('simulateFaults', change);
      }),
  };
}
