/**
 * The station's link to central: whether central answers (online, offline, unknown), whether it
 * accepts this station's token, and the heartbeat that finds out and reports the station's health.
 */
import { isTimeZone } from '../../../shared/local-date.js';
import type { DeliveredAction } from '../../../shared/station-actions.js';
import { CentralRejectedError, type CentralApi, type CentralBody } from '../central-client.js';
import type { Logger } from '../log.js';

export type CentralState = 'online' | 'offline' | 'unknown';

export interface CentralLinkOptions {
  central: CentralApi;
  log: Logger;
  terminalId: string;
  /** Seconds between heartbeats while central answers (offline, the next one comes within 3 s). */
  heartbeatS: number;
  /** What the heartbeat tells central; may throw (the local database failed), which counts as a failed heartbeat. */
  report: () => CentralBody<'heartbeat'>;
  /** Something the status line shows has changed. */
  onChange: () => void;
  /** Central answers again after being offline: work waiting out a backoff can go now. */
  onBackOnline: () => void;
  /** Remote actions central carried in the answer (issue #18; station/remote-actions.ts). */
  onActions?: (actions: DeliveredAction[]) => void;
}

export class CentralLink {
  private current: CentralState = 'unknown';
  /** Central answered 401 to the heartbeat: it is reachable, but does not accept this station. */
  private refused = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly o: CentralLinkOptions) {}

  get state(): CentralState {
    return this.current;
  }

  get tokenRefused(): boolean {
    return this.refused;
  }

  /** Records what a call to central just showed. */
  set(state: 'online' | 'offline'): void {
    if (this.current === state) return;
    this.current = state;
    this.o.log.info(`central ${state}`);
    this.o.onChange();
    if (state === 'online') this.o.onBackOnline();
  }

  /** The institution's timezone as central's last heartbeat answer said it, and when (undefined before, or from an older central). */
  timeZone: { zone: string; at: number } | undefined;

  async heartbeatOnce(): Promise<void> {
    try {
      const answer = await this.o.central.call('heartbeat', this.o.report());
      if (answer.timeZone && isTimeZone(answer.timeZone)) this.timeZone = { zone: answer.timeZone, at: Date.now() };
      if (answer.actions?.length) this.o.onActions?.(answer.actions);
      this.refused = false;
      this.set('online');
    } catch (err) {
      const refused = err instanceof CentralRejectedError && err.status === 401;
      if (refused && !this.refused)
        this.o.log.error(
          'central refuses this terminal token: enroll the terminal (estation central enroll) and set central.token',
          { terminalId: this.o.terminalId },
        );
      const changed = refused !== this.refused;
      this.refused = refused;
      this.set('offline');
      if (changed) this.o.onChange();
      this.o.log.warn('heartbeat failed', { error: (err as Error).message });
    }
  }

  /** Beats now and then again and again until stop(). */
  async start(): Promise<void> {
    if (this.stopped) return;
    await this.heartbeatOnce();
    if (this.stopped) return;
    // Offline, look again soon so the station comes back into service quickly.
    const every = this.o.heartbeatS * 1000;
    this.timer = setTimeout(() => void this.start(), this.current === 'online' ? every : Math.min(3000, every));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
