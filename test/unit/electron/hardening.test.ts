/**
 * Electron checklist (issue #12, finding 12): the session granted what Chromium only checked (no
 * permission check handler), a download was saved, and web contents created later (a popup, a webview,
 * devtools) had none of the kiosk window's locks. Each is refused now.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { App, Session, WebContents } from 'electron';
import { isAppUrl, lockDownApp, lockDownSession } from '../../../main/electron/hardening.js';

type Handler = (...args: unknown[]) => unknown;

function fakeSession() {
  const s = Object.assign(new EventEmitter(), {
    request: undefined as Handler | undefined,
    check: undefined as Handler | undefined,
    setPermissionRequestHandler: (h: Handler) => (s.request = h),
    setPermissionCheckHandler: (h: Handler) => (s.check = h),
  });
  return s;
}

function fakeContents() {
  const c = Object.assign(new EventEmitter(), {
    openHandler: undefined as Handler | undefined,
    setWindowOpenHandler: (h: Handler) => (c.openHandler = h),
  });
  return c;
}

function prevented(emitter: EventEmitter, event: string, ...args: unknown[]): boolean {
  let stopped = false;
  emitter.emit(event, { preventDefault: () => (stopped = true) }, ...args);
  return stopped;
}

describe('the kiosk session', () => {
  it('a page asking for the camera, microphone or location is refused, on request and on check', () => {
    const s = fakeSession();
    lockDownSession(s as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | undefined;
      s.request!(null, permission, (ok: boolean) => (granted = ok));
      expect(granted, permission).toBe(false);
      expect(s.check!(null, permission, 'app://kiosk', {}), permission).toBe(false);
    }
  });

  it('a download the page starts (a link to a file) is cancelled, nothing is written', () => {
    const s = fakeSession();
    lockDownSession(s as unknown as Session);
    let cancelled = false;
    expect(prevented(s, 'will-download', { cancel: () => (cancelled = true) })).toBe(true);
    expect(cancelled).toBe(true);
  });
});

describe('web contents created later', () => {
  it('a popup, a webview or devtools created after start gets no new window, no navigation off app://, no webview', () => {
    const app = new EventEmitter();
    lockDownApp(app as unknown as App);
    const later = fakeContents();
    app.emit('web-contents-created', {}, later as unknown as WebContents);

    expect(later.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(prevented(later, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented(later, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented(later, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(prevented(later, 'will-navigate', 'app://kiosk/index.html')).toBe(false);
    expect(prevented(later, 'will-attach-webview', {}, { src: 'https://example.com' })).toBe(true);
  });

  it('only app:// URLs count as the app', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
