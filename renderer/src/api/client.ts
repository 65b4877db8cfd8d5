/**
 * The one client interface the UI uses to reach the kiosk core. Which transport carries it
 * (Electron IPC through the preload, or the web-mode WebSocket) is decided once, in createClient().
 */
import type {
  EventPayload,
  KioskEventName,
  KioskMethodName,
  MethodInput,
  MethodOutput,
} from '../../../shared/kiosk-api';

export class KioskCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KioskCallError';
  }
}

export interface KioskClient {
  call<M extends KioskMethodName>(method: M, params: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends KioskEventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  /** 'open' once the core is reachable; the web transport reconnects by itself. */
  readonly connection: { state: 'connecting' | 'open' | 'closed' };
}

/** What one method of the Electron preload answers (main/core/dispatch.ts's DispatchResult). */
export type PreloadResult<M extends KioskMethodName> =
  { ok: true; result: MethodOutput<M> } | { ok: false; error: { code: string; message: string } };

/** What the Electron preload exposes as `window.estation`: one named function per method, and `on`. */
export type PreloadMethods = { [M in KioskMethodName]: (params: MethodInput<M>) => Promise<PreloadResult<M>> };
export type PreloadApi = PreloadMethods & {
  on(event: string, handler: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    estation?: PreloadApi;
  }
}
