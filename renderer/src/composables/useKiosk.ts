/**
 * The kiosk's state as the UI sees it: core status, the current session and its jobs, the document
 * being previewed, and the screen that follows from them. Every trace of a student lives in this
 * store and nowhere else (no storage, no URLs, no history entries); `wipe()` drops all of it, and it
 * runs whenever a session ends, whoever ended it.
 */
import { computed, inject, ref, shallowRef, watch, type InjectionKey } from 'vue';
import type { CatalogItem, Language } from '../../../shared/domain';
import type { JobView, KioskStatus, ReadTest, SessionView } from '../../../shared/kiosk-api';
import type { KioskClient } from '../api';
import { errorCodeOf, type LoadState } from './load-state';
import { createPreviewLoader, type Selection } from './preview';
import { clearBrowserTraces } from './privacy';

export type { LoadedPreview, PreviewState, Selection } from './preview';

export type Screen =
  'connecting' | 'idle' | 'documents' | 'preview' | 'printing' | 'done' | 'notice' | 'staffPin' | 'maintenance';

export interface KioskStoreOptions {
  /** Clears what the browser itself may keep of a session (a parameter so tests run without a browser). */
  clearTraces?: () => void;
}

const KEY: InjectionKey<KioskStore> = Symbol('kiosk');
export const kioskKey = KEY;

const FINISHED = new Set(['printed', 'reported', 'confirmed', 'failed', 'cancelled', 'needs_attention']);

export function createKioskStore(client: KioskClient, { clearTraces = clearBrowserTraces }: KioskStoreOptions = {}) {
  const status = shallowRef<KioskStatus | null>(null);
  const session = shallowRef<SessionView>({ state: 'idle' });
  const jobs = ref<JobView[]>([]);
  /** Error code of the last failed action (maps to notice.<code> messages). */
  const notice = ref<string | null>(null);
  const printState = ref<LoadState>('idle');
  const demoCards = ref<{ card: string; label: string }[]>([]);
  const selection = ref<Selection | null>(null);
  const copies = ref(1);
  const previewLoader = createPreviewLoader(client);
  const readTests = ref<ReadTest[]>([]);

  const catalogItem = computed<CatalogItem | null>(() => {
    const s = session.value;
    if (s.state !== 'active' || !selection.value) return null;
    return s.catalog.find((c) => c.kind === selection.value!.kind) ?? null;
  });

  const screen = computed<Screen>(() => {
    const s = session.value;
    if (!status.value) return 'connecting';
    if (notice.value || s.state === 'rejected') return 'notice';
    if (s.state === 'staff_pin') return 'staffPin';
    if (s.state === 'maintenance') return 'maintenance';
    if (s.state !== 'active') return 'idle';
    if (jobs.value.length === 0) return selection.value ? 'preview' : 'documents';
    return jobs.value.every((j) => FINISHED.has(j.status)) ? 'done' : 'printing';
  });

  function wipe(): void {
    jobs.value = [];
    notice.value = null;
    printState.value = 'idle';
    selection.value = null;
    copies.value = 1;
    previewLoader.reset();
    readTests.value = [];
    clearTraces();
  }

  const sessionKey = (s: SessionView) => (s.state === 'idle' ? 'idle' : `${s.state}:${s.sessionId}`);

  const load = async () => {
    status.value = await client.call('getStatus', {});
    session.value = await client.call('getSession', {});
    demoCards.value = (await client.call('listDemoCards', {})).cards;
    jobs.value = session.value.state === 'active' ? (await client.call('listSessionJobs', {})).jobs : [];
  };

  client.on('status', (s) => (status.value = s));
  client.on('session', (s) => {
    const changed = sessionKey(s) !== sessionKey(session.value);
    // A new session (or none) never inherits anything from the one before.
    if (changed) wipe();
    session.value = s;
    // Nothing left to print because the free quota is used up: say so plainly instead of a list of greyed-out items.
    if (
      changed &&
      s.state === 'active' &&
      s.catalog.every((c) => !c.available) &&
      s.catalog.some((c) => c.unavailableReason === 'quota_used_up')
    )
      notice.value = 'quota_used_up';
  });
  client.on('job', (job) => {
    const i = jobs.value.findIndex((j) => j.jobId === job.jobId);
    if (i >= 0) jobs.value[i] = job;
    // Central refused the job: the records changed since the preview. The notice sends the student back to look again.
    if (i >= 0 && job.errorCode === 'records_changed') notice.value = 'records_changed';
  });
  client.on('readTest', (r) => {
    if (session.value.state === 'maintenance') readTests.value = [r, ...readTests.value].slice(0, 5);
  });
  void load();

  // The loader drops an answer that arrives after the student left this preview or the session
  // ended (both reset it); a lost session or central says so on the notice screen.
  async function loadPreview(sel: Selection): Promise<void> {
    const reached = await previewLoader.load(sel);
    if (reached?.state === 'error' && (reached.error === 'central_unreachable' || reached.error === 'no_session'))
      notice.value = reached.error;
  }

  // Keep the copies within what this document allows.
  watch(catalogItem, (item) => {
    if (item && copies.value > item.maxCopies) copies.value = item.maxCopies;
  });

  return {
    client,
    status,
    session,
    jobs,
    screen,
    notice,
    printState,
    demoCards,
    selection,
    copies,
    /** The opened document's preview: idle, loading, ready (the PDF) or error (the core's code). */
    preview: previewLoader.state,
    catalogItem,
    readTests,
    wipe,
    open(item: CatalogItem, language: Language) {
      selection.value = { kind: item.kind, language };
      copies.value = 1;
      void loadPreview(selection.value);
    },
    switchLanguage(language: Language) {
      if (!selection.value || selection.value.language === language) return;
      selection.value = { ...selection.value, language };
      void loadPreview(selection.value);
    },
    /** Picks the purpose (用途) that prints on the document (undefined: the general one); the preview shows it. */
    choosePurpose(purpose: string | undefined) {
      if (!selection.value || selection.value.purpose === purpose) return;
      const { kind, language } = selection.value;
      selection.value = purpose === undefined ? { kind, language } : { kind, language, purpose };
      void loadPreview(selection.value);
    },
    retryPreview() {
      if (selection.value) void loadPreview(selection.value);
    },
    closePreview() {
      selection.value = null;
      previewLoader.reset();
      copies.value = 1;
    },
    setCopies(n: number) {
      const max = catalogItem.value?.maxCopies ?? 1;
      copies.value = Math.min(max, Math.max(1, Math.round(n)));
    },
    async print() {
      const sel = selection.value;
      if (!sel || printState.value === 'loading') return;
      printState.value = 'loading';
      try {
        // One id per confirmation: if this call is retried, the core returns the same jobs.
        const r = await client.call('requestPrint', {
          requestId: crypto.randomUUID(),
          items: [{ kind: sel.kind, language: sel.language, copies: copies.value, purpose: sel.purpose }],
        });
        jobs.value = r.jobs;
        printState.value = 'idle';
      } catch (err) {
        printState.value = 'error';
        notice.value = errorCodeOf(err);
      }
    },
    /** A person who is also maintenance staff: their session ends and the PIN keypad opens. */
    async startMaintenance() {
      try {
        await client.call('startMaintenance', {});
      } catch (err) {
        notice.value = errorCodeOf(err);
      }
    },
    async signOut() {
      wipe();
      await client.call('endSession', {}).catch(() => undefined);
    },
    touch() {
      void client.call('touchSession', {}).catch(() => undefined);
    },
    dismissNotice() {
      const code = notice.value;
      notice.value = null;
      printState.value = 'idle';
      // Errors inside a session go back to the list; a rejected card (or a lost session) back to idle.
      if (
        session.value.state === 'rejected' ||
        code === 'no_session' ||
        code === 'central_unreachable' ||
        code === 'quota_used_up'
      ) {
        wipe();
        void client.call('endSession', {}).catch(() => undefined);
      } else {
        selection.value = null;
        previewLoader.reset();
        // Refused for changed records: nothing came out of them, so the student is back at the documents to look again.
        if (code === 'records_changed') jobs.value = jobs.value.filter((j) => j.errorCode !== 'records_changed');
      }
    },
    async swipe(card: string) {
      await client.call('simulateSwipe', { card });
    },
  };
}

export type KioskStore = ReturnType<typeof createKioskStore>;

export function useKiosk(): KioskStore {
  const store = inject(KEY);
  if (!store) throw new Error('useKiosk() needs the kiosk store provided by main.ts');
  return store;
}
