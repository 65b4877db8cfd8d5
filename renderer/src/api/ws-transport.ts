import { reactive } from 'vue';
import type { KioskClient } from './client';
import { KioskCallError } from './client';
import { PAGE_HEARTBEAT_INTERVAL_MS, PAGE_HEARTBEAT_MESSAGE } from '../../../shared/page-heartbeat';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

const CALL_TIMEOUT_MS = 15_000;

/**
 * Web mode: JSON messages over a loopback WebSocket. `{id, method, params}` -> `{id, result | error}`;
 * events arrive as `{event, payload}`. Reconnects with a short backoff if the kiosk process restarts.
 */
export function createWsClient(url: string): KioskClient {
  const connection = reactive({ state: 'connecting' as 'connecting' | 'open' | 'closed' });
  const pending = new Map<number, Pending>();
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  const reconnectHandlers = new Set<() => void>();
  let ws: WebSocket;
  let nextId = 1;
  let opened: Promise<void>;
  let retry = 250;
  // The host's watchdog restarts the browser when these stop: a hung page stops its timers too.
  setInterval(() => {
    if (ws.readyState === WebSocket.OPEN) ws.send(PAGE_HEARTBEAT_MESSAGE);
  }, PAGE_HEARTBEAT_INTERVAL_MS);

  const connect = () => {
    connection.state = 'connecting';
    ws = new WebSocket(url);
    opened = new Promise((resolve) => ws.addEventListener('open', () => resolve(), { once: true }));
    ws.addEventListener('open', () => {
      connection.state = 'open';
      retry = 250;
      reconnectHandlers.forEach((h) => h());
    });
    ws.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data)) as {
        id?: number;
        result?: unknown;
        error?: { code: string; message: string };
        event?: string;
        payload?: unknown;
      };
      if (msg.event) {
        handlers.get(msg.event)?.forEach((h) => h(msg.payload));
        return;
      }
      const p = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id!);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new KioskCallError(msg.error.code, msg.error.message));
      else p.resolve(msg.result);
    });
    ws.addEventListener('close', () => {
      connection.state = 'closed';
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new KioskCallError('disconnected', 'Connection to the kiosk core was lost'));
        pending.delete(id);
      }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    });
  };
  connect();

  return {
    connection,
    async call(method, params) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new KioskCallError('timeout', `${method} did not answer`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (p: unknown) => void);
      return () => set.delete(handler as (p: unknown) => void);
    },
  };
}
