import { afterEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../../main/core/db.js';
import { silentLogger } from '../../../main/core/log.js';
import { startQueueMaintenance } from '../../../main/core/queue/maintenance.js';
import { newJob, tempStore } from './temp-db.js';

const DAY = 86_400_000;

describe('queue maintenance', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  it('prunes old confirmed jobs and keeps the rest', () => {
    let now = Date.parse('2026-09-01T08:00:00Z');
    t = tempStore({ now: () => new Date(now), freeBytes: () => 1e12 });
    const done = t.store.create(newJob()).job;
    for (const s of ['authorized', 'rendered', 'submitted', 'printed', 'reported', 'confirmed'] as const)
      t.store.transition(done.id, s);
    const open = t.store.create(newJob()).job;
    const m = startQueueMaintenance({ jobs: t.store, log: silentLogger(), pruneAfterDays: 7 });
    now += 8 * DAY;
    expect(m.runOnce()).toBe(1);
    expect(() => t.store.get(done.id)).toThrow();
    expect(t.store.get(open.id).status).toBe('requested');
    m.stop();
  });

  it('tells when the database becomes unwritable and when it recovers', () => {
    let free = 1e12;
    t = tempStore({ freeBytes: () => free });
    const seen: (StorageUnavailableError | null)[] = [];
    const m = startQueueMaintenance({ jobs: t.store, log: silentLogger(), onStorage: (f) => seen.push(f) });
    m.runOnce();
    expect(seen).toEqual([]);
    free = 0;
    m.runOnce();
    m.runOnce();
    free = 1e12;
    m.runOnce();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeInstanceOf(StorageUnavailableError);
    expect(seen[1]).toBeNull();
    m.stop();
  });
});
