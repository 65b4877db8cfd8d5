/**
 * Housekeeping the kiosk core runs in the background: prune jobs central confirmed long ago (never an
 * unconfirmed one; see JobStore.prune) and watch that the job database can still be written, so the
 * station goes out of service *before* a student's request fails.
 */
import type { StorageUnavailableError } from '../db.js';
import type { JobStore } from '../job-store.js';
import type { Logger } from '../log.js';

export interface QueueMaintenanceOptions {
  jobs: JobStore;
  log: Logger;
  /** Confirmed jobs older than this are deleted with their audit trail. Default 30 days. */
  pruneAfterDays?: number;
  /** How often to prune and probe. Default: every hour. */
  everyMs?: number;
  /** Told when the database becomes unwritable (an error) or writable again (null). */
  onStorage?: (failure: StorageUnavailableError | null) => void;
}

export interface QueueMaintenance {
  /** Runs one round now; resolves with the number of pruned jobs. */
  runOnce(): number;
  stop(): void;
}

export function startQueueMaintenance(o: QueueMaintenanceOptions): QueueMaintenance {
  let failing: StorageUnavailableError | null = null;
  const runOnce = (): number => {
    let pruned = 0;
    try {
      o.jobs.assertWritable();
      pruned = o.jobs.prune(o.pruneAfterDays ?? 30);
      if (pruned) o.log.info('pruned confirmed jobs', { pruned, olderThanDays: o.pruneAfterDays ?? 30 });
    } catch (err) {
      o.log.error('job database maintenance failed', { error: (err as Error).message });
    }
    const now = o.jobs.storageFailure();
    if ((now === null) !== (failing === null)) o.onStorage?.(now);
    failing = now;
    return pruned;
  };
  const timer = setInterval(runOnce, o.everyMs ?? 3_600_000);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
