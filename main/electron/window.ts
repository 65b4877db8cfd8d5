/**
 * The kiosk window: fullscreen kiosk mode, no menu, sandboxed and context-isolated renderer with
 * the preload as its only bridge, navigation to any other page blocked, new windows denied. The session's
 * permissions and downloads, and contents created later, are locked in hardening.ts.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export function kioskWindowOptions(preload: string, kiosk = true): BrowserWindowConstructorOptions {
  return {
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#f5f3ef',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: !kiosk,
    },
  };
}

/** Same page only: any other URL (a link, a redirect, a dropped file) is refused. */
export function isAllowedNavigation(url: string, pageUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(pageUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

export function lockDown(win: Pick<BrowserWindow, 'webContents' | 'setMenu'>, pageUrl: string): void {
  win.setMenu(null);
  // No pinch zoom on the touch screen (the page itself allows zoom for accessibility checks).
  void win.webContents.setVisualZoomLevelLimits(1, 1);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
