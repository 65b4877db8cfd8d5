import type { KioskClient } from './client';
import { createIpcClient } from './ipc-transport';
import { createWsClient } from './ws-transport';

export type { KioskClient } from './client';
export { KioskCallError } from './client';

const TOKEN_KEY = 'estation.token';

/** Picks the transport once: the Electron preload if present, else the web-mode WebSocket. */
export function createClient(): KioskClient {
  if (window.estation) return createIpcClient(window.estation);
  // The per-launch token arrives in the URL fragment; keep it for reloads, then clean the address bar.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const wsUrl = new URL('api', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.search = `?token=${encodeURIComponent(token)}`;
  wsUrl.hash = '';
  return createWsClient(wsUrl.toString());
}
