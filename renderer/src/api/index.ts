import type { KioskClient } from './client';
import { createIpcClient } from './ipc-transport';
import { createWsClient } from './ws-transport';

export type { KioskClient } from './client';
export { KioskCallError } from './client';

/** Picks the transport once: the Electron preload if present, else the web-mode WebSocket. */
export function createClient(): KioskClient {
  if (window.estation) return createIpcClient(window.estation);
  // The launch link left an HttpOnly session cookie that the WebSocket carries: no secret in reach of the page.
  const wsUrl = new URL('api', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.search = '';
  wsUrl.hash = '';
  return createWsClient(wsUrl.toString());
}
