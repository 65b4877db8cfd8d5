import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { isAllowedNavigation, kioskWindowOptions, lockDown } from '../../../main/electron/window.js';

const PAGE = 'app://kiosk/index.html';

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

  it('blocks navigation away, new windows and webviews', () => {
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
    lockDown(win, PAGE);

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
    expect(navigate('app://kiosk/other.html')).toBe(true);
    expect(navigate(`${PAGE}#again`)).toBe(false);
    let webviewBlocked = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewBlocked = true) });
    expect(webviewBlocked).toBe(true);
  });

  it('allows only the page itself', () => {
    expect(isAllowedNavigation(PAGE, PAGE)).toBe(true);
    expect(isAllowedNavigation('not a url', PAGE)).toBe(false);
  });
});
