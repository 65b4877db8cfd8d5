import { describe, expect, it, vi } from 'vitest';
import { IPC_PREFIX, KIOSK_METHODS } from '../../../shared/kiosk-channels.js';

const exposed: Record<string, unknown> = {};
const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, result: 'x' })), on: vi.fn(), removeListener: vi.fn() };

// The electron module cannot run here: fake it exactly at its API boundary.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

await import('../../../main/electron/preload.js');
const api = exposed.estation as Record<string, (...a: unknown[]) => unknown>;

describe('preload', () => {
  it('exposes one named function per method and no raw ipcRenderer', () => {
    for (const m of KIOSK_METHODS) expect(typeof api[m]).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.keys(api).sort()).toEqual([...KIOSK_METHODS, 'on'].sort());
  });

  it('sends each method on its own channel', async () => {
    await api.getStatus!({});
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}getStatus`, {});
  });

  it('offers no generic path to IPC, and refuses unknown events without touching it', async () => {
    // Only the named functions reach the core: there is nothing to call an arbitrary channel with.
    expect(api.invoke).toBeUndefined();
    expect(api.deleteEverything).toBeUndefined();
    const off = api.on!('not-an-event', () => {}) as () => void;
    expect(ipcRenderer.on).not.toHaveBeenCalled();
    off();
  });

  it('subscribes to core events and unsubscribes', () => {
    const handler = vi.fn();
    const off = api.on!('session', handler) as () => void;
    expect(ipcRenderer.on).toHaveBeenCalledWith(`${IPC_PREFIX}event:session`, expect.any(Function));
    const listener = ipcRenderer.on.mock.calls[0]![1] as (e: unknown, p: unknown) => void;
    listener({}, { state: 'idle' });
    expect(handler).toHaveBeenCalledWith({ state: 'idle' });
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(`${IPC_PREFIX}event:session`, listener);
  });
});
