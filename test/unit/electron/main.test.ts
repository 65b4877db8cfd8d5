/**
 * The Electron main process booted with the `electron` module faked at its API boundary: it starts a
 * real kiosk core (demo defaults from $ESTATION_CONFIG), opens one locked-down window on the built
 * renderer page and answers the page's IPC calls.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { startEmbeddedCentral } from '../../../main/cli/hosted-kiosk.js';

const base = mkdtempSync(join(tmpdir(), 'estation-electron-'));
const configFile = join(base, 'kiosk.json');
// The demo defaults as `estation kiosk` hands them to Electron: the command line runs the built-in
// central server and writes its URL and token into the configuration.
const embedded = await startEmbeddedCentral(
  parseConfig({
    dataDir: join(base, 'data'),
    printer: { type: 'file', dir: join(base, 'prints') },
    // Remote actions (the last test) ride on the heartbeat answer.
    central: { url: 'embedded', heartbeatS: 1 },
  }),
);
writeFileSync(configFile, JSON.stringify(embedded.config));
process.env.ESTATION_CONFIG = configFile;
process.env.ESTATION_WINDOWED = '0';

const windows: FakeWindow[] = [];
const SCREEN_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200', 'hex');
const handlers = new Map<string, (event: unknown, params: unknown) => unknown>();
const appEvents = new EventEmitter();

class FakeWindow extends EventEmitter {
  webContents = Object.assign(new EventEmitter(), {
    setWindowOpenHandler: vi.fn(),
    setVisualZoomLevelLimits: vi.fn(async () => {}),
    send: vi.fn(),
    isDestroyed: () => false,
    capturePage: vi.fn(async () => ({ toPNG: () => SCREEN_PNG })),
  });
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  setMenu = vi.fn();
  show = vi.fn();
  async loadURL(url: string) {
    this.loaded = url;
  }
}

vi.mock('electron', () => ({
  app: {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    isPackaged: false,
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
    on: (e: string, fn: () => void) => appEvents.on(e, fn),
  },
  BrowserWindow: FakeWindow,
  ipcMain: {
    handle: (c: string, fn: (e: unknown, p: unknown) => unknown) => handlers.set(c, fn),
    removeHandler: (c: string) => handlers.delete(c),
  },
  session: {
    defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), on: vi.fn() },
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  net: { fetch: vi.fn() },
}));

afterAll(async () => {
  appEvents.emit('before-quit');
  await embedded.central?.close();
});

describe('Electron main process', () => {
  it('boots the core and one locked-down kiosk window, and serves the page over IPC', async () => {
    await import('../../../main/electron/main.js');
    await vi.waitFor(() => expect(windows[0]?.loaded).toBeTruthy(), { timeout: 30_000 });
    const win = windows[0]!;
    expect(windows).toHaveLength(1);
    expect(win.loaded).toBe('app://kiosk/index.html');
    expect(win.options).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.setMenu).toHaveBeenCalledWith(null);
    // The page's scheme, the session's locks and the lock of later contents are all in place.
    const electron = await import('electron');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.on).toHaveBeenCalledWith('will-download', expect.any(Function));
    expect(appEvents.listenerCount('web-contents-created')).toBe(1);

    const pageUrl = win.loaded!;
    const trusted = { sender: win.webContents, senderFrame: { url: pageUrl, parent: null } };
    const status = (await handlers.get('estation:getStatus')!(trusted, {})) as {
      ok: boolean;
      result: { terminalId: string; demo: boolean };
    };
    expect(status.ok).toBe(true);
    expect(status.result).toMatchObject({ terminalId: 'demo-01', demo: true });
    const foreign = { sender: {}, senderFrame: { url: pageUrl, parent: null } };
    expect(await handlers.get('estation:getStatus')!(foreign, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('answers remote actions through Electron: a screenshot of the kiosk window, a restart by relaunching the app', async () => {
    const { askStation } = await import('../../../central/actions/request.js');
    const store = embedded.central!.store;
    const staffId = embedded.central!.people.find((p) => p.role === 'staff')!.id;
    const ask = async (action: string) => {
      const asked = await askStation(store, {
        terminalId: 'demo-01',
        action,
        params: {},
        reason: 'office check',
        staffId,
        via: 'test',
      });
      if (!asked.ok) throw new Error(asked.message);
      return asked.action.id;
    };
    const shot = await ask('screenshot');
    await vi.waitFor(async () => expect((await store.stationActions.byId(shot))?.state).toBe('done'), {
      timeout: 30_000,
    });
    expect(await store.stationActions.screenshot(shot)).toEqual(SCREEN_PNG);
    expect(windows[0]!.webContents.capturePage).toHaveBeenCalledTimes(1);
    const electron = await import('electron');
    await ask('restart');
    await vi.waitFor(() => expect(electron.app.relaunch).toHaveBeenCalledTimes(1), { timeout: 30_000 });
    expect(electron.app.exit).toHaveBeenCalledWith(0);
  });
});
