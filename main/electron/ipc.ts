/**
 * Electron IPC for the kiosk API: one `ipcMain.handle` per method of the shared contract, every call
 * checked for its sender (only our own window and page) and validated by dispatch().
 */
import type { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_PREFIX, KIOSK_EVENTS, KIOSK_METHODS } from '../../shared/kiosk-channels.js';
import { dispatch, type DispatchResult } from '../core/dispatch.js';
import type { KioskEndpoint } from '../core/kiosk-core.js';

export interface IpcTarget {
  /** The kiosk window's web contents: the only sender allowed. */
  contents: WebContents;
  /** The URL the kiosk page was loaded from (app://kiosk/index.html, app-protocol.ts). */
  pageUrl: string;
}

/** True only for calls from the top frame of our window showing our page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, target: IpcTarget): boolean {
  if (event.sender !== target.contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const a = new URL(frame.url);
    const b = new URL(target.pageUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

const FORBIDDEN: DispatchResult = {
  ok: false,
  error: { code: 'forbidden', message: 'Calls are only accepted from the kiosk page' },
};

/** Registers the handlers and forwards core events to the window. Returns a function that undoes both. */
export function registerKioskIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: KioskEndpoint,
  target: IpcTarget,
): () => void {
  for (const method of KIOSK_METHODS) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, (event, params: unknown) =>
      isTrustedSender(event, target) ? dispatch(core, method, params) : FORBIDDEN,
    );
  }
  // Plain EventEmitter view: each name is forwarded alike, whatever its payload type.
  const events = core as unknown as EventEmitter;
  const forwarders = KIOSK_EVENTS.map((name) => {
    const fn = (payload: unknown) => {
      if (!target.contents.isDestroyed()) target.contents.send(`${IPC_PREFIX}event:${name}`, payload);
    };
    events.on(name, fn);
    return { name, fn };
  });
  return () => {
    for (const method of KIOSK_METHODS) ipcMain.removeHandler(`${IPC_PREFIX}${method}`);
    for (const { name, fn } of forwarders) events.off(name, fn);
  };
}
