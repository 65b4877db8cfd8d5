/**
 * A kiosk core that can be swapped while the web host keeps running (issue #18: the remote action
 * "restart the kiosk app" in web mode restarts the core inside the CLI process). The web host holds the
 * relay: its method calls go to the core of the moment, and the relay re-emits that core's events, so
 * the kiosk page keeps its connection across the restart.
 */
import { EventEmitter } from 'node:events';
import { KIOSK_EVENTS } from '../../shared/kiosk-channels.js';
import type { KioskCoreEvents, KioskEndpoint } from '../core/kiosk-core.js';

export function coreRelay(first: KioskEndpoint): { endpoint: KioskEndpoint; swap(next: KioskEndpoint): void } {
  const events = new EventEmitter<KioskCoreEvents>();
  let current = first;
  const forwarders = KIOSK_EVENTS.map((event) => ({
    event,
    fn: (payload: unknown) => (events.emit as (e: string, p: unknown) => boolean)(event, payload),
  }));
  const attach = (core: KioskEndpoint) => {
    for (const { event, fn } of forwarders) (core.on as (e: string, f: (p: unknown) => void) => void)(event, fn);
  };
  const detach = (core: KioskEndpoint) => {
    for (const { event, fn } of forwarders) (core.off as (e: string, f: (p: unknown) => void) => void)(event, fn);
  };
  attach(first);
  const endpoint = new Proxy(events, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver) as unknown;
      const value = (current as unknown as Record<PropertyKey, unknown>)[prop];
      return typeof value === 'function'
        ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(current, args)
        : value;
    },
  }) as unknown as KioskEndpoint;
  return {
    endpoint,
    swap(next) {
      detach(current);
      current = next;
      attach(next);
    },
  };
}
