/**
 * Tells site staff about alerts without anyone watching the dashboard: every `intervalMs`, central
 * compares the alerts of all terminals with what it last delivered to a webhook (a chat bot, a paging
 * system, a mail gateway) and POSTs what was raised and what cleared:
 *
 *   { "at": ISO time, "raised": [NotifiedAlert], "cleared": [NotifiedAlert] }
 *
 * The baseline only moves on after the webhook answered 2xx, so an alert raised while the receiver is
 * down is delivered once it is back, and one that came and went in between is not sent at all. After
 * a restart of central everything current is sent once again (the receiver may see an alert twice,
 * never miss one).
 */
import type { Alert } from '../shared/central-api.js';
import { alertsFor, fleetReference, type AlertOptions } from './alerts.js';
import type { CentralStore } from './store/types.js';

export interface NotifiedAlert extends Alert {
  terminalId: string;
  terminalName: string;
}

export interface AlertNotifierOptions {
  store: Pick<CentralStore, 'terminals'>;
  /** Alerts of no station (a payment reconciliation's mismatches), sent with `terminalId` "fleet". */
  fleetAlerts?: () => Promise<Alert[]>;
  url: string;
  intervalMs?: number;
  alerts?: AlertOptions;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Where delivery failures go (central's logger); they never stop the server. */
  onError?: (message: string) => void;
}

export class AlertNotifier {
  /** What the receiver was last told, by alert id. */
  private delivered = new Map<string, NotifiedAlert>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly o: AlertNotifierOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs ?? 15_000);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One comparison and, if anything changed, one delivery; overlapping calls share it. */
  tick(): Promise<void> {
    this.running ??= this.deliver().finally(() => (this.running = null));
    return this.running;
  }

  private async deliver(): Promise<void> {
    const now = (this.o.now ?? (() => new Date()))();
    const current = new Map<string, NotifiedAlert>();
    const terminals = await this.o.store.terminals();
    const fleet = fleetReference(terminals, now, this.o.alerts);
    for (const t of terminals) {
      for (const a of alertsFor(t, now, this.o.alerts, fleet))
        current.set(a.id, { ...a, terminalId: t.id, terminalName: t.name });
    }
    for (const a of (await this.o.fleetAlerts?.()) ?? [])
      current.set(a.id, { ...a, terminalId: 'fleet', terminalName: 'E-station' });
    const raised = [...current.values()].filter((a) => !this.delivered.has(a.id));
    const cleared = [...this.delivered.values()].filter((a) => !current.has(a.id));
    if (!raised.length && !cleared.length) return;
    try {
      const res = await (this.o.fetch ?? fetch)(this.o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ at: now.toISOString(), raised, cleared }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`the webhook answered ${res.status}`);
      this.delivered = current;
    } catch (err) {
      this.o.onError?.(`alert webhook ${this.o.url}: ${(err as Error).message}; will try again`);
    }
  }
}
