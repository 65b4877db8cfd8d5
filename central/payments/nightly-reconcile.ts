/**
 * The nightly reconciliation (issue #17; docs/payments.md): every `intervalMs` (default 10 min) a running
 * central looks at the institution's clock; once it is past `at` (local "HH:MM", default 02:00, when the
 * provider's statement of the day before is complete) it reconciles the previous day (reconcile-day.ts)
 * and records the result (central/store/reconciliations.ts), once per day over every instance: the day's
 * row is claimed first. A day with mismatches is an alert on the dashboard and through the alert webhook
 * until staff acknowledge it or a later run of the day is clean. A run that fails (the provider does not
 * answer) leaves its claim unfinished; it is taken over and run again after CLAIM_STALE_MS.
 */
import type { Sql } from '../../lib/sql/types.js';
import { addDays, localDateTime } from '../../shared/local-date.js';
import { institutionTimeZone } from '../store/institution.js';
import type { PaymentLedger } from '../store/payment-ledger.js';
import type { Reconciliations } from '../store/reconciliations.js';
import type { PaymentProvider } from './provider.js';
import { reconcileDay, type DayReconciled } from './reconcile-day.js';

export const NIGHTLY_RECONCILE_AT = '02:00';
const INTERVAL_MS = 10 * 60_000;

export interface NightlyReconcileOptions {
  store: { sql: Sql; payments: PaymentLedger; reconciliations: Reconciliations };
  provider: PaymentProvider;
  /** Who claims the day (host and process), so that the row says which instance ran it. */
  instance: string;
  /** Local time of the institution ("HH:MM") after which the previous day is reconciled. */
  at?: string;
  intervalMs?: number;
  now?: () => Date;
  onResult?: (result: DayReconciled) => void;
  onError?: (message: string) => void;
}

/** "HH:MM" of a 24-hour clock, or null. */
export function parseLocalTime(text: string): string | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? text : null;
}

/** How many days back a turn looks for a day not reconciled yet. */
export const CATCH_UP_DAYS = 7;

export class NightlyReconcile {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DayReconciled | null> | null = null;

  constructor(private readonly o: NightlyReconcileOptions) {}

  start(): void {
    if (!this.o.provider.charges) return; // the free provider moves no money: nothing to reconcile
    this.timer = setInterval(() => void this.run(), this.o.intervalMs ?? INTERVAL_MS);
    this.timer.unref();
    void this.run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One turn: reconciles every due day of the last week no instance has; the last result, or null. */
  run(): Promise<DayReconciled | null> {
    this.running ??= this.turn().finally(() => (this.running = null));
    return this.running;
  }

  private async turn(): Promise<DayReconciled | null> {
    const now = (this.o.now ?? (() => new Date()))();
    try {
      const timeZone = await institutionTimeZone(this.o.store.sql);
      const local = localDateTime(now, timeZone); // YYYY-MM-DD HH:mm:ss
      // Yesterday once the configured time has passed (the card office's day is closed), else the day before.
      const yesterday = addDays(local.slice(0, 10), -1);
      let day = local.slice(11, 16) < (this.o.at ?? NIGHTLY_RECONCILE_AT) ? addDays(yesterday, -1) : yesterday;
      // Oldest first, back to CATCH_UP_DAYS: a day missed while central was down, or whose run failed (its
      // claim goes stale), is reconciled at the next turn instead of never.
      const days: string[] = [];
      for (let i = 0; i < CATCH_UP_DAYS; i++, day = addDays(day, -1)) days.unshift(day);
      let last: DayReconciled | null = null;
      for (const d of days) {
        if (!(await this.o.store.reconciliations.claim(d, this.o.instance))) continue;
        const result = await reconcileDay(this.o.store, this.o.provider, d);
        await this.o.store.reconciliations.record(d, this.o.instance, result.movements, result.mismatches);
        this.o.onResult?.(result);
        last = result;
      }
      return last;
    } catch (err) {
      this.o.onError?.(`nightly payment reconciliation failed (run again within the hour): ${(err as Error).message}`);
      return null;
    }
  }
}
