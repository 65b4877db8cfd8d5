/**
 * The kiosk page comes from `app://kiosk/...`, a privileged custom scheme served from the built renderer
 * folder only, instead of `file://`: a page on file:// may read any file the kiosk user can (through a
 * link, a redirect or a crafted fetch), and every local file shares its origin. Here a request for a
 * path outside the renderer folder (`..`, encoded or not, or another host) gets 404.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
/** The kiosk page's URL; the IPC sender check and navigation lock compare against it. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready: a standard, secure scheme (origin, fetch, storage as https has). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The file an `app://` URL names inside `rootDir`, or null when it names anything else. */
export function appFilePath(rootDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // A NUL or a backslash has no business in a page asset's path (a backslash is a separator on Windows).
  if (path.includes('\0') || path.includes('\\')) return null;
  const root = resolve(rootDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}

/** Serves `app://kiosk/...` from `rootDir` (after the app is ready). */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = appFilePath(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return net.fetch(pathToFileURL(file).toString());
  });
}
