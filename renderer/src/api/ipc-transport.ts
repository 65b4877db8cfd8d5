import type { KioskMethodName, MethodInput, MethodOutput } from '../../../shared/kiosk-api';
import type { KioskClient, PreloadApi, PreloadMethods } from './client';
import { KioskCallError } from './client';

/** Electron: calls go through the named functions the preload exposes; no raw ipcRenderer here. */
export function createIpcClient(api: PreloadApi): KioskClient {
  const methods: PreloadMethods = api;
  async function call<M extends KioskMethodName>(method: M, params: MethodInput<M>): Promise<MethodOutput<M>> {
    const named: PreloadMethods[M] = methods[method];
    const r = await named(params);
    if (!r.ok) throw new KioskCallError(r.error.code, r.error.message);
    return r.result;
  }
  return {
    connection: { state: 'open' },
    call,
    on(event, handler) {
      return api.on(event, handler as (p: unknown) => void);
    },
  };
}
