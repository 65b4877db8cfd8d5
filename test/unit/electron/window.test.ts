import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, Session } from 'electron';
import { isAllowedNavigation, kioskWindowOptions, lockDown } from '../../../main/electron/window.js';

const PAGE = 'file:///app/out/renderer/index.html';

describe('kiosk window', () => {
  it('runs the page sandboxed and context-isolated without Node, in kiosk mode', () => {
    const o = kioskWindowOptions('/app/out/preload/index.cjs');
    expect(o.kiosk).toBe(true);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      devTools: false,
    });
  });

  it('blocks navigation away, new windows, webviews and permission requests', () => {
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler?: (h: () => { action: string }) => void;
      openHandler?: () => { action: string };
    };
    contents.setWindowOpenHandler = (h) => (contents.openHandler = h);
    let zoomLimits: number[] = [];
    Object.assign(contents, {
      setVisualZoomLevelLimits: async (min: number, max: number) => void (zoomLimits = [min, max]),
    });
    let menu: unknown = 'default';
    const win = { webContents: contents, setMenu: (m: unknown) => (menu = m) } as unknown as BrowserWindow;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    const session = { setPermissionRequestHandler: (h: typeof permission) => (permission = h) } as unknown as Session;
    lockDown(win, session, PAGE);

    expect(menu).toBeNull();
    expect(zoomLimits).toEqual([1, 1]);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${PAGE}#again`)).toBe(false);
    let webviewBlocked = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewBlocked = true) });
    expect(webviewBlocked).toBe(true);
    let granted: boolean | undefined;
    permission!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('allows only the page itself', () => {
    expect(isAllowedNavigation(PAGE, PAGE)).toBe(true);
    expect(isAllowedNavigation('not a url', PAGE)).toBe(false);
  });
});
