/**
 * The scheduled prune (central/store/retention.ts) of a running central: once soon after start, then
 * every `intervalMs` (default 6 h). A prune that fails is logged and tried again at the next turn.
 */
import type { Sql } from '../lib/sql/types.js';
import { prune, type PruneResult, type RetentionLimits } from './store/retention.js';

export const RETENTION_INTERVAL_MS = 6 * 3600_000;

export interface RetentionTaskOptions {
  db: Sql;
  limits: RetentionLimits;
  intervalMs?: number;
  now?: () => Date;
  onResult?: (result: PruneResult) => void;
  onError?: (message: string) => void;
}

export class RetentionTask {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Immediate | null = null;

  constructor(private readonly o: RetentionTaskOptions) {}

  start(): void {
    this.first = setImmediate(() => void this.run());
    this.timer = setInterval(() => void this.run(), this.o.intervalMs ?? RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearImmediate(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = this.timer = null;
  }

  /** One prune now (the schedule's turn; tests call it directly). */
  async run(): Promise<PruneResult | null> {
    try {
      const result = await prune(this.o.db, this.o.limits, (this.o.now ?? (() => new Date()))(), { by: 'schedule' });
      this.o.onResult?.(result);
      return result;
    } catch (err) {
      this.o.onError?.(`retention prune failed (tried again in the next turn): ${(err as Error).message}`);
      return null;
    }
  }
}
