import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/core/db.js';
import { JobStore, type JobStoreOptions, type NewJob } from '../../../main/core/job-store.js';
import type { JobStatus } from '../../../shared/jobs.js';

/** A real database file in a fresh temporary folder (the queue is tested on disk, never in memory). */
export function tempDb(): { dir: string; file: string; db: Db; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'estation-queue-'));
  const file = join(dir, 'kiosk.sqlite');
  const db = openDatabase(file);
  return {
    dir,
    file,
    db,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempStore(options: JobStoreOptions = {}): {
  store: JobStore;
  db: Db;
  dir: string;
  file: string;
  cleanup: () => void;
} {
  const t = tempDb();
  return { ...t, store: new JobStore(t.db, options) };
}

let n = 0;
export function newJob(over: Partial<NewJob> = {}): NewJob {
  n++;
  return {
    idempotencyKey: `req-${n}:0`,
    terminalId: 'kiosk-t',
    personId: 'S1',
    kind: 'enrollment',
    language: 'zh',
    copies: 1,
    ...over,
  };
}

/** The shortest legal path from `requested` to each status, to put a stored job there. */
export const PATH_TO: Record<JobStatus, JobStatus[]> = {
  requested: [],
  authorized: ['authorized'],
  rendered: ['authorized', 'rendered'],
  submitted: ['authorized', 'rendered', 'submitted'],
  printed: ['authorized', 'rendered', 'submitted', 'printed'],
  reported: ['authorized', 'rendered', 'submitted', 'printed', 'reported'],
  confirmed: ['authorized', 'rendered', 'submitted', 'printed', 'reported', 'confirmed'],
  failed: ['failed'],
  cancelled: ['cancelled'],
  needs_attention: ['authorized', 'rendered', 'submitted', 'needs_attention'],
};
