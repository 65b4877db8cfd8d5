/**
 * Every `intervalMs`, each central instance computes the alerts of all terminals, records what was raised
 * and what cleared in the alert history (store/alert-history.ts: the station page shows it), and then
 * delivers the transitions not yet sent to each alert webhook (a chat bot, a paging system, a mail
 * gateway) as one POST:
 *
 *   { "at": ISO time, "raised": [NotifiedAlert], "cleared": [NotifiedAlert] }
 *
 * The delivery state is in the database (store/alert-deliveries.ts): a transition is sent once across
 * instances and restarts; while the receiver is down nothing is lost, and what came and went meanwhile
 * arrives as a raise and its clear. Each alert carries `event` (`<history id>:raised|cleared`), the same
 * in every delivery of that transition, so a receiver can drop the one repeat that remains possible (an
 * instance dying between the receiver's answer and recording it).
 */
import type { Sql } from '../lib/sql/types.js';
import type { Alert } from '../shared/central-api.js';
import { alertsFor, DEFAULT_SILENT_AFTER_S, fleetReference, type AlertOptions } from './alerts.js';
import { claimDeliveries, markFailed, markSent, queueDeliveries, type Claim } from './store/alert-deliveries.js';
import { recordAlerts, type TerminalAlert } from './store/alert-history.js';
import type { CentralStore } from './store/types.js';

export interface NotifiedAlert extends Alert {
  terminalId: string;
  terminalName: string;
  /** `<history id>:raised` or `<history id>:cleared`: one transition, however often it is delivered. */
  event: string;
  raisedAt: string;
  clearedAt: string | null;
}

export interface AlertNotifierOptions {
  store: Pick<CentralStore, 'terminals'> & { sql: Sql };
  /** The webhooks; none: the history is still recorded. */
  urls: readonly string[];
  /** Alerts of no station (a payment reconciliation's mismatches), recorded and sent with `terminalId` "fleet". */
  fleetAlerts?: () => Promise<Alert[]>;
  intervalMs?: number;
  alerts?: AlertOptions;
  now?: () => Date;
  fetch?: typeof fetch;
  /** A failed delivery is tried again after this long (default 30 s). */
  retryAfterMs?: number;
  /** Where failures go (central's logger); they never stop the server. */
  onError?: (message: string) => void;
}

export class AlertNotifier {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly startedAt: number;

  constructor(private readonly o: AlertNotifierOptions) {
    this.startedAt = this.now().getTime();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs ?? 15_000);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One recording and delivery round; overlapping calls share it. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .catch((err: Error) => this.o.onError?.(`alert history: ${err.message}; will try again`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private now(): Date {
    return (this.o.now ?? (() => new Date()))();
  }

  private async round(): Promise<void> {
    const now = this.now();
    const terminals = await this.o.store.terminals();
    const fleet = fleetReference(terminals, now, this.o.alerts);
    // Just after a start, a station whose last heartbeat is from before it may only have found no central
    // to talk to (every instance was down): its silence is not judged until the silence limit has passed
    // since the start, so restarting central does not raise and clear `silent` for the whole fleet.
    const silentAfterMs = (this.o.alerts?.silentAfterS ?? DEFAULT_SILENT_AFTER_S) * 1000;
    const judging = now.getTime() - this.startedAt >= silentAfterMs;
    const undecided = new Set(
      judging
        ? []
        : terminals
            .filter((t) => t.lastHeartbeat === null || Date.parse(t.lastHeartbeat) < this.startedAt)
            .map((t) => `${t.id}:silent`),
    );
    const current: TerminalAlert[] = terminals.flatMap((t) =>
      alertsFor(t, now, this.o.alerts, fleet)
        .filter((a) => !undecided.has(a.id))
        .map((a) => ({ ...a, terminalId: t.id, terminalName: t.name })),
    );
    for (const a of (await this.o.fleetAlerts?.()) ?? [])
      current.push({ ...a, terminalId: 'fleet', terminalName: 'E-station' });
    await recordAlerts(this.o.store.sql, current, now.toISOString(), (id) => undecided.has(id));
    for (const url of this.o.urls) await this.deliver(url);
  }

  /** Sends everything due for `url`, a batch at a time, until nothing is due or a send fails. */
  private async deliver(url: string): Promise<void> {
    const sql = this.o.store.sql;
    await queueDeliveries(sql, url, this.now());
    for (
      let claim = await claimDeliveries(sql, url, this.now());
      claim;
      claim = await claimDeliveries(sql, url, this.now())
    ) {
      try {
        await this.send(claim);
      } catch (err) {
        const message = (err as Error).message;
        await markFailed(sql, claim, this.now(), message, this.o.retryAfterMs ?? 30_000);
        this.o.onError?.(`alert webhook ${url}: ${message}; will try again`);
        return;
      }
      await markSent(sql, claim, this.now());
    }
  }

  private async send(claim: Claim): Promise<void> {
    const body = { at: this.now().toISOString(), raised: [] as NotifiedAlert[], cleared: [] as NotifiedAlert[] };
    for (const { transition, alert } of claim.deliveries) {
      const { historyId, ...rest } = alert;
      body[transition].push({ ...rest, event: `${historyId}:${transition}` });
    }
    const res = await (this.o.fetch ?? fetch)(claim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`the webhook answered ${res.status}`);
  }
}
