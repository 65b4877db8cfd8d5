import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/core/db.js';
import { JobStore, type JobStoreOptions, type NewJob } from '../../../main/core/job-store.js';

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

export function tempStore(options: JobStoreOptions = {}): { store: JobStore; db: Db; dir: string; file: string; cleanup: () => void } {
  const t = tempDb();
  return { ...t, store: new JobStore(t.db, options) };
}

let n = 0;
export function newJob(over: Partial<NewJob> = {}): NewJob {
  n++;
  return { idempotencyKey: `req-${n}:0`, terminalId: 'kiosk-t', personId: 'S1', kind: 'enrollment', language: 'zh', copies: 1, ...over };
}
