import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_PREFIX, KIOSK_METHODS } from '../../../shared/kiosk-channels.js';
import { FakeKioskCore } from '../../helpers/fake-kiosk-core.js';
import { isTrustedSender, registerKioskIpc } from '../../../main/electron/ipc.js';

const PAGE = 'app://kiosk/index.html';

function fakeContents() {
  return { send: vi.fn(), isDestroyed: () => false } as unknown as WebContents & { send: ReturnType<typeof vi.fn> };
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, params: unknown) => unknown>();
  const fake = {
    handlers,
    handle: (channel: string, fn: (event: unknown, params: unknown) => unknown) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  return fake as typeof fake & Pick<IpcMain, 'handle' | 'removeHandler'>;
}

/** A core with just enough behaviour to see which calls reach it. */
const fakeCore = () => new FakeKioskCore();

const event = (sender: WebContents, url = PAGE, parent: unknown = null) =>
  ({ sender, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;

describe('kiosk IPC', () => {
  it('registers one handler per method of the contract', () => {
    const ipc = fakeIpcMain();
    registerKioskIpc(ipc, fakeCore(), { contents: fakeContents(), pageUrl: PAGE });
    expect([...ipc.handlers.keys()].sort()).toEqual(KIOSK_METHODS.map((m) => `${IPC_PREFIX}${m}`).sort());
  });

  it('dispatches validated calls from the kiosk page to the core', async () => {
    const ipc = fakeIpcMain();
    const core = fakeCore();
    const contents = fakeContents();
    registerKioskIpc(ipc, core, { contents, pageUrl: PAGE });
    const r = await ipc.handlers.get(`${IPC_PREFIX}simulateSwipe`)!(event(contents), { card: '0012345678' });
    expect(r).toEqual({ ok: true, result: { ok: true } });
    expect(core.simulateSwipe).toHaveBeenCalledWith({ card: '0012345678' });
  });

  it('refuses invalid input before it reaches the core', async () => {
    const ipc = fakeIpcMain();
    const core = fakeCore();
    const contents = fakeContents();
    registerKioskIpc(ipc, core, { contents, pageUrl: PAGE });
    const r = (await ipc.handlers.get(`${IPC_PREFIX}simulateSwipe`)!(event(contents), { card: '', extra: 1 })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('invalid_input');
    expect(core.simulateSwipe).not.toHaveBeenCalled();
  });

  it('refuses calls from another window, a subframe or another page', async () => {
    const ipc = fakeIpcMain();
    const core = fakeCore();
    const contents = fakeContents();
    registerKioskIpc(ipc, core, { contents, pageUrl: PAGE });
    const call = (e: IpcMainInvokeEvent) =>
      ipc.handlers.get(`${IPC_PREFIX}simulateSwipe`)!(e, { card: '1' }) as Promise<{
        ok: boolean;
        error?: { code: string };
      }>;
    for (const e of [
      event(fakeContents()),
      event(contents, PAGE, {}),
      event(contents, 'https://evil.example/index.html'),
      event(contents, 'file:///tmp/other.html'),
      event(contents, 'file:///index.html'),
      event(contents, 'app://kiosk/other.html'),
    ]) {
      expect(await call(e)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(core.simulateSwipe).not.toHaveBeenCalled();
  });

  it('forwards core events to the window and stops after unregistering', () => {
    const ipc = fakeIpcMain();
    const core = fakeCore();
    const contents = fakeContents();
    const unregister = registerKioskIpc(ipc, core, { contents, pageUrl: PAGE });
    core.emit('session', { state: 'idle' });
    expect(contents.send).toHaveBeenCalledWith(`${IPC_PREFIX}event:session`, { state: 'idle' });
    unregister();
    core.emit('session', { state: 'idle' });
    expect(contents.send).toHaveBeenCalledTimes(1);
    expect(ipc.handlers.size).toBe(0);
  });

  it('isTrustedSender ignores query and hash but not the path', () => {
    const contents = fakeContents();
    expect(isTrustedSender(event(contents, `${PAGE}#x`), { contents, pageUrl: PAGE })).toBe(true);
    expect(isTrustedSender(event(contents, PAGE.replace('index', 'evil')), { contents, pageUrl: PAGE })).toBe(false);
  });
});
