/**
 * The kiosk store against a fake core: which screen follows from status, session and jobs; the
 * preview's one state from loading to ready or error and back; what a new session wipes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createKioskStore, type KioskStore } from '../../../renderer/src/composables/useKiosk';
import { FakeKioskClient, settle } from './fake-kiosk-client';
import { activeSession, catalogItem, jobView, kioskStatus, previewView } from './fixtures';

let client: FakeKioskClient;
let traceClears: number;

/** A store whose first load found an idle station. */
async function idleStore(): Promise<KioskStore> {
  client.answer('getStatus', kioskStatus());
  client.answer('getSession', { state: 'idle' });
  client.answer('listDemoCards', { cards: [{ card: '2023001', label: '李明' }] });
  const store = createKioskStore(client, { clearTraces: () => traceClears++ });
  await settle();
  return store;
}

/** A store with Li Ming signed in, on the documents screen. */
async function activeStore(): Promise<KioskStore> {
  const store = await idleStore();
  client.emit('session', activeSession());
  return store;
}

/** The student opened the enrollment certificate in Chinese and its preview arrived. */
async function openPreview(store: KioskStore): Promise<void> {
  store.open(catalogItem(), 'zh');
  client.resolve('previewDocument', previewView());
  await settle();
}

beforeEach(() => {
  client = new FakeKioskClient();
  traceClears = 0;
});

describe('screens', () => {
  it('connects, then waits on the idle screen with the demo cards', async () => {
    client.answer('getSession', { state: 'idle' });
    client.answer('listDemoCards', { cards: [] });
    const store = createKioskStore(client, { clearTraces: () => traceClears++ });
    expect(store.screen.value).toBe('connecting');
    client.resolve('getStatus', kioskStatus());
    await settle();
    expect(store.screen.value).toBe('idle');
  });

  it('offers the demo cards the core lists', async () => {
    const store = await idleStore();
    expect(store.demoCards.value).toEqual([{ card: '2023001', label: '李明' }]);
  });

  it('shows the documents when a student signs in, and a notice when every item is used up', async () => {
    const store = await activeStore();
    expect(store.screen.value).toBe('documents');

    client.emit(
      'session',
      activeSession('s2', [catalogItem({ available: false, unavailableReason: 'quota_used_up' })]),
    );
    expect(store.screen.value).toBe('notice');
    expect(store.notice.value).toBe('quota_used_up');
  });

  it('follows the jobs from printing to done', async () => {
    const store = await activeStore();
    await openPreview(store);
    client.answer('requestPrint', ({ items }) => ({ jobs: [jobView({ copies: items[0]!.copies })] }));
    store.setCopies(2);
    await store.print();
    expect(store.screen.value).toBe('printing');
    expect(store.jobs.value.map((j) => j.copies)).toEqual([2]);

    client.emit('job', jobView({ copies: 2, status: 'printed', serial: 'E-2026-0001' }));
    expect(store.screen.value).toBe('done');
  });

  it('a job central refused because the records changed sends the student back to look at the preview again', async () => {
    const store = await activeStore();
    await openPreview(store);
    client.answer('requestPrint', () => ({ jobs: [jobView()] }));
    await store.print();
    client.emit('job', jobView({ status: 'failed', errorCode: 'records_changed' }));
    expect(store.screen.value).toBe('notice');
    expect(store.notice.value).toBe('records_changed');

    store.dismissNotice();
    expect(store.screen.value).toBe('documents');
    expect(store.preview.value).toEqual({ state: 'idle' });
    expect(client.calls.some((c) => c.method === 'endSession')).toBe(false);
  });
});

describe('preview', () => {
  it('goes from loading to ready with the decoded PDF', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'en');
    expect(store.screen.value).toBe('preview');
    expect(store.preview.value).toEqual({ state: 'loading' });

    expect(client.resolve('previewDocument', previewView([1, 2, 250]))).toEqual({ kind: 'enrollment', language: 'en' });
    await settle();
    const p = store.preview.value;
    expect(p.state).toBe('ready');
    if (p.state !== 'ready') return;
    expect([...p.preview.pdf]).toEqual([1, 2, 250]);
    expect(p.preview.pages).toBe(1);
  });

  it('drops the error once the student retries, and shows the new answer', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.reject('previewDocument', 'render_failed');
    await settle();
    expect(store.preview.value).toEqual({ state: 'error', error: 'render_failed' });
    expect(store.screen.value).toBe('preview');

    store.retryPreview();
    expect(store.preview.value).toEqual({ state: 'loading' });
    client.resolve('previewDocument', previewView());
    await settle();
    expect(store.preview.value.state).toBe('ready');
  });

  it('forgets an error when the student closes the preview or opens another document', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.reject('previewDocument', 'render_failed');
    await settle();
    store.closePreview();
    expect(store.preview.value).toEqual({ state: 'idle' });
    expect(store.screen.value).toBe('documents');

    store.open(catalogItem(), 'en');
    expect(store.preview.value).toEqual({ state: 'loading' });
  });

  it('shows only the language asked for last, whichever answer comes first', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    store.switchLanguage('en');
    expect(store.selection.value).toEqual({ kind: 'enrollment', language: 'en' });
    client.resolve('previewDocument', previewView([9], { language: 'zh' }));
    await settle();
    expect(store.preview.value).toEqual({ state: 'loading' });

    client.resolve('previewDocument', previewView([7], { language: 'en' }));
    await settle();
    const p = store.preview.value;
    expect(p.state === 'ready' ? [...p.preview.pdf] : p.state).toEqual([7]);
  });

  it('drops an answer that arrives after the preview was closed or the session ended', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    store.closePreview();
    client.resolve('previewDocument', previewView());
    await settle();
    expect(store.preview.value).toEqual({ state: 'idle' });

    store.open(catalogItem(), 'zh');
    client.emit('session', { state: 'idle' });
    client.reject('previewDocument', 'central_unreachable');
    await settle();
    expect(store.preview.value).toEqual({ state: 'idle' });
    expect(store.screen.value).toBe('idle');
  });

  it('sends a lost session or an unreachable central server to the notice screen', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.reject('previewDocument', 'central_unreachable');
    await settle();
    expect(store.screen.value).toBe('notice');
    expect(store.notice.value).toBe('central_unreachable');
  });
});

describe('purpose and masked figures', () => {
  const studyAbroad = { id: 'study-abroad', zh: '出国留学', en: 'Study abroad' };

  it('previews and prints with the purpose picked, and back to the general one', async () => {
    const store = await activeStore();
    store.open(catalogItem({ purposes: [studyAbroad] }), 'zh');
    expect(client.resolve('previewDocument', previewView())).toEqual({ kind: 'enrollment', language: 'zh' });
    await settle();

    store.choosePurpose('study-abroad');
    expect(store.preview.value).toEqual({ state: 'loading' });
    expect(client.resolve('previewDocument', previewView())).toEqual({
      kind: 'enrollment',
      language: 'zh',
      purpose: 'study-abroad',
    });
    await settle();
    // Switching the language keeps the purpose.
    store.switchLanguage('en');
    expect(client.resolve('previewDocument', previewView()).purpose).toBe('study-abroad');
    await settle();

    void store.print();
    const params = client.resolve('requestPrint', { jobs: [jobView()] });
    expect(params.items).toEqual([{ kind: 'enrollment', language: 'en', copies: 1, purpose: 'study-abroad' }]);
    await settle();

    store.closePreview();
    store.open(catalogItem({ purposes: [studyAbroad] }), 'zh');
    client.resolve('previewDocument', previewView());
    store.choosePurpose('study-abroad');
    client.resolve('previewDocument', previewView());
    store.choosePurpose(undefined);
    expect(client.resolve('previewDocument', previewView()).purpose).toBeUndefined();
    expect(store.selection.value).toEqual({ kind: 'enrollment', language: 'zh' });
  });

  it('says when the preview hides sensitive figures', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.resolve('previewDocument', previewView(undefined, { masked: true }));
    await settle();
    expect(store.preview.value).toMatchObject({ state: 'ready', preview: { masked: true } });
    store.switchLanguage('en');
    client.resolve('previewDocument', previewView());
    await settle();
    expect(store.preview.value).toMatchObject({ state: 'ready', preview: { masked: false } });
  });
});

describe('maintenance from a session', () => {
  it('asks the core for the keypad, and shows why not when it refuses', async () => {
    const store = await activeStore();
    void store.startMaintenance();
    client.resolve('startMaintenance', { ok: true });
    await settle();
    expect(store.notice.value).toBeNull();
    void store.startMaintenance();
    client.reject('startMaintenance', 'not_in_maintenance');
    await settle();
    expect(store.notice.value).toBe('not_in_maintenance');
  });
});

describe('printing and notices', () => {
  it('sends one print request with a fresh id and the chosen copies, clamped to the maximum', async () => {
    const store = await activeStore();
    store.open(catalogItem({ maxCopies: 3 }), 'zh');
    store.setCopies(7);
    expect(store.copies.value).toBe(3);
    store.setCopies(0);
    expect(store.copies.value).toBe(1);

    void store.print();
    expect(store.printState.value).toBe('loading');
    const params = client.resolve('requestPrint', { jobs: [jobView()] });
    expect(params.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(params.items).toEqual([{ kind: 'enrollment', language: 'zh', copies: 1 }]);
    await settle();
    expect(store.printState.value).toBe('idle');
  });

  it('shows why a print request failed, and goes back to the documents when the student dismisses it', async () => {
    const store = await activeStore();
    await openPreview(store);
    void store.print();
    client.reject('requestPrint', 'printer_not_ready');
    await settle();
    expect(store.printState.value).toBe('error');
    expect(store.screen.value).toBe('notice');
    expect(store.notice.value).toBe('printer_not_ready');

    store.dismissNotice();
    expect(store.screen.value).toBe('documents');
    expect(store.printState.value).toBe('idle');
    expect(store.preview.value).toEqual({ state: 'idle' });
    expect(client.calls.some((c) => c.method === 'endSession')).toBe(false);
  });

  it('ends the session when a notice says the session or central is gone', async () => {
    const store = await activeStore();
    client.answer('endSession', { ok: true });
    store.notice.value = 'no_session';
    const clearsBefore = traceClears;
    store.dismissNotice();
    expect(traceClears).toBe(clearsBefore + 1);
    expect(client.calls.at(-1)?.method).toBe('endSession');
  });
});

describe('wipe', () => {
  it('a new session starts from nothing: no selection, preview, copies, jobs or browser traces', async () => {
    const store = await activeStore();
    await openPreview(store);
    store.setCopies(3);
    const clearsBefore = traceClears;

    client.emit('session', activeSession('s2'));
    expect(store.selection.value).toBeNull();
    expect(store.preview.value).toEqual({ state: 'idle' });
    expect(store.copies.value).toBe(1);
    expect(store.jobs.value).toEqual([]);
    expect(traceClears).toBe(clearsBefore + 1);
  });

  it('the same session again (a status refresh) keeps what the student is doing', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.emit('session', activeSession());
    expect(store.selection.value).toEqual({ kind: 'enrollment', language: 'zh' });
    expect(store.preview.value).toEqual({ state: 'loading' });
  });

  it('signing out wipes at once and tells the core', async () => {
    const store = await activeStore();
    store.open(catalogItem(), 'zh');
    client.answer('endSession', { ok: true });
    await store.signOut();
    expect(store.selection.value).toBeNull();
    expect(client.calls.at(-1)?.method).toBe('endSession');
  });
});
