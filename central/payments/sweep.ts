/**
 * The periodic settlement of a running central's payments (docs/payments.md, "Wiring"): every
 * `intervalMs` (default 60 s) the captures and releases that got no answer, or whose job was never
 * reported within the release limit, are made again with the same job id (PaymentWiring.sweep).
 */
import type { PaymentWiring } from './wiring.js';

export const SWEEP_INTERVAL_MS = 60_000;

export class PaymentSweep {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Immediate | null = null;

  constructor(
    private readonly payments: PaymentWiring,
    private readonly intervalMs = SWEEP_INTERVAL_MS,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  start(): void {
    if (!this.payments.provider.charges) return; // the free provider moves no money: nothing to settle
    // Once at start too: what a central that stopped (or crashed) mid-call left unanswered.
    this.first = setImmediate(() => void this.run());
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearImmediate(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = this.timer = null;
  }

  /** One sweep now; a failure is logged and the next turn tries again. */
  async run(): Promise<number | null> {
    try {
      return await this.payments.sweep();
    } catch (err) {
      this.onError(`payment sweep failed (tried again in the next turn): ${(err as Error).message}`);
      return null;
    }
  }
}
