/**
 * Electron's security checklist for what is not one window: the session grants no permission (neither
 * when the page asks nor when Chromium checks), downloads are cancelled, and any web contents created
 * later (a popup the page tried, a webview, a devtools host) gets the same locks as the kiosk window:
 * no new windows, no navigation off app://, no webview.
 */
import type { App, Session, WebContents } from 'electron';
import { APP_SCHEME } from './app-protocol.js';

export function lockDownSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'>,
): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // A kiosk never saves files: a link to a PDF or a crafted download would write into the kiosk user's home.
  session.on('will-download', (event, item) => {
    event.preventDefault();
    item.cancel();
  });
}

/** Only the app's own scheme: the kiosk never shows another site or a local file. */
export function isAppUrl(url: string): boolean {
  try {
    return new URL(url).protocol === `${APP_SCHEME}:`;
  } catch {
    return false;
  }
}

export function lockDownContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every web contents, now and later, gets the locks (the kiosk window's own stricter ones come on top). */
export function lockDownApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
