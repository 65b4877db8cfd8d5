/**
 * The only bridge between the sandboxed kiosk page and the core: one named function per method of
 * the kiosk API (derived from the channel list, so a new method gets its function), and
 * `on(event, handler)` for the core's events. There is no generic "call by name" path, and no raw
 * ipcRenderer reaches the page. Imports only the plain name lists, so the sandboxed preload bundle
 * needs no other module.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_PREFIX, KIOSK_EVENTS, KIOSK_METHODS } from '../../shared/kiosk-channels.js';

const methods = Object.fromEntries(
  KIOSK_METHODS.map((m) => [m, (params: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${m}`, params ?? {})]),
);

const api = {
  ...methods,
  on(event: string, handler: (payload: unknown) => void): () => void {
    if (!(KIOSK_EVENTS as readonly string[]).includes(event)) return () => {};
    const channel = `${IPC_PREFIX}event:${event}`;
    const listener = (_e: unknown, payload: unknown) => handler(payload);
    ipcRenderer.on(channel, listener);
    return () => ipcRenderer.removeListener(channel, listener);
  },
};

contextBridge.exposeInMainWorld('estation', api);
