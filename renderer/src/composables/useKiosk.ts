/**
 * The kiosk's state as the UI sees it: core status, the current session and its jobs, and the
 * screen that follows from them. Actions return nothing to remember: every trace of a student lives
 * in `session` and `jobs`, and `reset()` drops both.
 */
import { computed, inject, ref, shallowRef, type InjectionKey, type Ref } from 'vue';
import type { JobView, KioskStatus, PrintItem, SessionView } from '../../../shared/kiosk-api';
import { KioskCallError, type KioskClient } from '../api';

export type Screen = 'connecting' | 'idle' | 'documents' | 'printing' | 'done' | 'notice';
export type ActionState = 'idle' | 'loading' | 'error';

export interface KioskStore {
  client: KioskClient;
  status: Ref<KioskStatus | null>;
  session: Ref<SessionView>;
  jobs: Ref<JobView[]>;
  screen: Ref<Screen>;
  /** Error code of the last failed action (maps to notice.<code> messages). */
  notice: Ref<string | null>;
  printState: Ref<ActionState>;
  demoCards: Ref<{ card: string; label: string }[]>;
  print(items: PrintItem[]): Promise<void>;
  signOut(): Promise<void>;
  dismissNotice(): void;
  swipe(card: string): Promise<void>;
}

const KEY: InjectionKey<KioskStore> = Symbol('kiosk');
export const kioskKey = KEY;

const FINISHED = new Set(['printed', 'reported', 'confirmed', 'failed', 'cancelled', 'needs_attention']);

export function createKioskStore(client: KioskClient): KioskStore {
  const status = shallowRef<KioskStatus | null>(null);
  const session = shallowRef<SessionView>({ state: 'idle' });
  const jobs = ref<JobView[]>([]);
  const notice = ref<string | null>(null);
  const printState = ref<ActionState>('idle');
  const demoCards = ref<{ card: string; label: string }[]>([]);

  const screen = computed<Screen>(() => {
    if (!status.value) return 'connecting';
    if (notice.value || session.value.state === 'rejected') return 'notice';
    if (session.value.state !== 'active') return 'idle';
    if (jobs.value.length === 0) return 'documents';
    return jobs.value.every((j) => FINISHED.has(j.status)) ? 'done' : 'printing';
  });

  const load = async () => {
    status.value = await client.call('getStatus', {});
    session.value = await client.call('getSession', {});
    demoCards.value = (await client.call('listDemoCards', {})).cards;
    jobs.value = session.value.state === 'active' ? (await client.call('listSessionJobs', {})).jobs : [];
  };

  client.on('status', (s) => (status.value = s));
  client.on('session', (s) => {
    const changed = s.state !== session.value.state || ('sessionId' in s && 'sessionId' in session.value && s.sessionId !== session.value.sessionId);
    session.value = s;
    if (changed) {
      jobs.value = [];
      notice.value = null;
      printState.value = 'idle';
    }
  });
  client.on('job', (job) => {
    const i = jobs.value.findIndex((j) => j.jobId === job.jobId);
    if (i >= 0) jobs.value[i] = job;
  });
  void load();

  return {
    client,
    status,
    session,
    jobs,
    screen,
    notice,
    printState,
    demoCards,
    async print(items) {
      if (printState.value === 'loading') return;
      printState.value = 'loading';
      try {
        // One id per confirmation: if this call is retried, the core returns the same jobs.
        const r = await client.call('requestPrint', { requestId: crypto.randomUUID(), items });
        jobs.value = r.jobs;
        printState.value = 'idle';
      } catch (err) {
        printState.value = 'error';
        notice.value = err instanceof KioskCallError ? err.code : 'generic';
      }
    },
    async signOut() {
      jobs.value = [];
      notice.value = null;
      await client.call('endSession', {});
    },
    dismissNotice() {
      notice.value = null;
      if (session.value.state === 'rejected') void client.call('endSession', {});
    },
    async swipe(card) {
      await client.call('simulateSwipe', { card });
    },
  };
}

export function useKiosk(): KioskStore {
  const store = inject(KEY);
  if (!store) throw new Error('useKiosk() needs the kiosk store provided by main.ts');
  return store;
}
