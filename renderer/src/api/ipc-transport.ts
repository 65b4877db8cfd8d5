import type { KioskClient, PreloadApi } from './client';
import { KioskCallError } from './client';

/** Electron: calls go through the named functions the preload exposes; no raw ipcRenderer here. */
export function createIpcClient(api: PreloadApi): KioskClient {
  return {
    connection: { state: 'open' },
    async call(method, params) {
      const r = await api.invoke(method, params);
      if (!r.ok) throw new KioskCallError(r.error.code, r.error.message);
      return r.result as never;
    },
    on(event, handler) {
      return api.on(event, handler as (p: unknown) => void);
    },
  };
}
