/**
 * What web mode does for remote actions (issue #18; main/core/station/remote-actions.ts). Restart: the
 * CLI process closes the kiosk core and opens a new one with the same configuration (and the same
 * built-in central in the demo); the web host keeps serving through a relay (main/web/core-relay.ts), so
 * the kiosk page stays connected. Screenshot: not offered. The kiosk page runs in a browser this process
 * only starts (or does not start at all) and cannot look into, so the station answers `unsupported`
 * rather than capture something that is not the screen.
 */
import type { Logger } from '../core/log.js';
import type { StationHost } from '../core/station/remote-actions.js';
import { coreRelay } from '../web/core-relay.js';
import type { HostedKiosk } from './hosted-kiosk.js';

export function webStationHost(first: HostedKiosk, log: Logger, onSwap: (next: HostedKiosk) => void) {
  let kiosk = first;
  const relay = coreRelay(first.core);
  const host: StationHost = {
    restart: async () => {
      log.warn('remote action: restarting the kiosk core');
      const next = await kiosk.reopen();
      next.core.setHost(host);
      relay.swap(next.core);
      kiosk = next;
      onSwap(next);
      await next.core.start();
      log.info('kiosk core restarted');
    },
  };
  first.core.setHost(host);
  return { endpoint: relay.endpoint, core: () => kiosk.core };
}
