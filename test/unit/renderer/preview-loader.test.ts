/** The preview loader on its own: one state, and the latest load or reset wins over earlier calls. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPreviewLoader } from '../../../renderer/src/composables/preview';
import { FakeKioskClient, settle } from './fake-kiosk-client';
import { previewView } from './fixtures';

let client: FakeKioskClient;
beforeEach(() => {
  client = new FakeKioskClient();
});

describe('createPreviewLoader', () => {
  it('starts idle, loads, and resolves to the state it reached', async () => {
    const loader = createPreviewLoader(client);
    expect(loader.state.value).toEqual({ state: 'idle' });
    const reached = loader.load({ kind: 'transcript', language: 'en' });
    expect(loader.state.value).toEqual({ state: 'loading' });
    client.resolve('previewDocument', previewView([1, 2, 3], { pages: 2 }));
    const state = await reached;
    expect(state).toBe(loader.state.value);
    expect(state?.state === 'ready' && { pages: state.preview.pages, pdf: [...state.preview.pdf] }).toEqual({
      pages: 2,
      pdf: [1, 2, 3],
    });
  });

  it("keeps the core's error code, and 'generic' for anything that is not the core's error", async () => {
    const loader = createPreviewLoader(client);
    const failed = loader.load({ kind: 'transcript', language: 'zh' });
    client.reject('previewDocument', 'template_missing');
    expect(await failed).toEqual({ state: 'error', error: 'template_missing' });

    client.answer('previewDocument', () => {
      throw new TypeError('bug');
    });
    expect(await loader.load({ kind: 'transcript', language: 'zh' })).toEqual({ state: 'error', error: 'generic' });
  });

  it('a reset forgets the call under way: its answer and its error never show', async () => {
    const loader = createPreviewLoader(client);
    const first = loader.load({ kind: 'enrollment', language: 'zh' });
    loader.reset();
    client.reject('previewDocument', 'central_unreachable');
    expect(await first).toBeNull();
    expect(loader.state.value).toEqual({ state: 'idle' });
  });

  it('a newer load wins over an older one that answers later', async () => {
    const loader = createPreviewLoader(client);
    const older = loader.load({ kind: 'enrollment', language: 'zh' });
    const newer = loader.load({ kind: 'enrollment', language: 'en' });
    client.resolve('previewDocument', previewView([1]));
    client.resolve('previewDocument', previewView([2]));
    expect(await older).toBeNull();
    await newer;
    await settle();
    const s = loader.state.value;
    expect(s.state === 'ready' ? [...s.preview.pdf] : s).toEqual([2]);
  });
});
