/** Maintenance mode's data and actions, with an explicit state for the view and for each action. */
import { onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue';
import type { DemoFaults, MaintenanceView, ResolveReason } from '../../../shared/kiosk-api';
import { KioskCallError } from '../api';
import { useKiosk } from './useKiosk';

export type LoadState = 'idle' | 'loading' | 'error';
export type ActionResult = { action: string; ok: boolean; code?: string } | null;

export function useMaintenance() {
  const { client, status } = useKiosk();
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
      result.value = { action, ok: false, code: err instanceof KioskCallError ? err.code : 'generic' };
    } finally {
      busy.value = false;
      await refresh();
    }
  }

  // Device and queue changes arrive as status events; keep the page current without polling hard.
  const stopWatch = watch(status, () => void refresh());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    void refresh();
    timer = setInterval(() => void refresh(), 5000);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    stopWatch();
  });

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
