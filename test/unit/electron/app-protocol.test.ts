/**
 * Electron checklist (issue #12, finding 12): the kiosk page came from file://, where a link, a redirect
 * or a fetch could read any file of the kiosk user. It now comes from app://kiosk/, served from the
 * built renderer folder only; a path that climbs out of it gets 404.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Net, Protocol } from 'electron';
import {
  APP_PAGE_URL,
  appFilePath,
  handleAppProtocol,
  registerAppScheme,
} from '../../../main/electron/app-protocol.js';

const root = mkdtempSync(join(tmpdir(), 'estation-app-protocol-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), '');

describe('the app:// scheme', () => {
  it('is registered as a standard, secure scheme', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged } as unknown as Protocol);
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the page and its assets from the renderer folder', () => {
    expect(appFilePath(root, APP_PAGE_URL)).toBe(join(root, 'index.html'));
    expect(appFilePath(root, 'app://kiosk/')).toBe(join(root, 'index.html'));
    expect(appFilePath(root, 'app://kiosk/assets/app.js?v=1')).toBe(join(root, 'assets', 'app.js'));
  });

  it('a page that asks app:// for a file outside the renderer folder (path traversal) gets 404', async () => {
    // A plain or dotted-encoded `..` is resolved away by the URL parser itself: it stays inside the folder.
    expect(appFilePath(root, 'app://kiosk/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(appFilePath(root, 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // An encoded separator survives the parser: only the check here stops it.
    for (const url of [
      'app://kiosk/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://kiosk/..%5c..%5cwindows%5cwin.ini',
      'app://kiosk/index.html%00.png',
      'app://kiosk/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ])
      expect(appFilePath(root, url), url).toBeNull();

    let handler: ((req: Request) => Response | Promise<Response>) | undefined;
    const protocol = { handle: (_s: string, h: typeof handler) => (handler = h) } as unknown as Protocol;
    const fetched: string[] = [];
    const net = { fetch: async (u: string) => (fetched.push(u), new Response('ok')) } as unknown as Net;
    handleAppProtocol(protocol, net, root);
    const refused = await handler!(new Request('app://kiosk/assets/..%2f..%2f..%2fetc%2fpasswd'));
    expect(refused.status).toBe(404);
    expect(fetched).toEqual([]);
    const page = await handler!(new Request(APP_PAGE_URL));
    expect(page.status).toBe(200);
    expect(fetched).toEqual([`file://${join(root, 'index.html')}`]);
  });
});
