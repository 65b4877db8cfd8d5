import { afterEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../../main/core/db.js';
import { JobNotFoundError, JobStore } from '../../../main/core/job-store.js';
import type { JobReport } from '../../../shared/central-api.js';
import { newJob, tempStore } from './temp-db.js';

const DAY = 86_400_000;
const report = (jobId: string): JobReport => ({
  jobId,
  serial: `SER-${jobId}`,
  outcome: 'printed',
  pages: 1,
  copies: 1,
  finishedAt: new Date().toISOString(),
});

describe('JobStore', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  it('creates one job per idempotency key, however often the request comes', () => {
    t = tempStore();
    const input = newJob();
    const first = t.store.create(input);
    const second = t.store.create(input);
    const third = t.store.create({ ...input, copies: 3 });
    expect(first.created).toBe(true);
    expect(second).toEqual({ job: first.job, created: false });
    expect(third.job.id).toBe(first.job.id);
    expect(t.store.listByStatus(['requested'])).toHaveLength(1);
    expect(t.store.events(first.job.id)).toHaveLength(1);
  });

  it('gives time-ordered ids', () => {
    let clock = Date.parse('2026-09-01T08:00:00Z');
    t = tempStore({ now: () => new Date((clock += 5)) });
    const ids = Array.from({ length: 20 }, () => t.store.create(newJob()).job.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps the audit trail append-only', () => {
    t = tempStore();
    const { job } = t.store.create(newJob());
    expect(() => t.db.prepare("UPDATE job_events SET detail = 'rewritten' WHERE job_id = ?").run(job.id)).toThrow(
      /append-only/,
    );
    expect(() => t.db.prepare('DELETE FROM job_events WHERE job_id = ?').run(job.id)).toThrow(/append-only/);
    expect(t.store.events(job.id)).toHaveLength(1);
    // Only deleting the job itself (pruning) takes its trail with it.
    t.db.prepare('DELETE FROM jobs WHERE id = ?').run(job.id);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM job_events').get()).toEqual({ n: 0 });
  });

  it('queues a report in the same transaction as the transition', () => {
    t = tempStore();
    const { job } = t.store.create(newJob());
    for (const s of ['authorized', 'rendered', 'submitted'] as const) t.store.transition(job.id, s);
    t.store.transition(job.id, 'printed', null, {}, report(job.id));
    expect(t.store.dueReports(10).map((r) => r.payload)).toEqual(
      [report(job.id)].map((r) => ({ ...r, finishedAt: expect.any(String) })),
    );
    expect(t.store.backlog().backlog).toBe(1);
  });

  it('throws JobNotFoundError for an unknown id', () => {
    t = tempStore();
    expect(() => t.store.get('nope')).toThrow(JobNotFoundError);
    expect(() => t.store.transition('nope', 'authorized')).toThrow(JobNotFoundError);
  });

  it('reports backlog size and the age of the oldest report', () => {
    let now = Date.parse('2026-09-01T08:00:00Z');
    t = tempStore({ now: () => new Date(now) });
    expect(t.store.backlog()).toEqual({ backlog: 0, oldestAgeS: null });
    const a = t.store.create(newJob()).job;
    const b = t.store.create(newJob()).job;
    t.store.apply({ enqueue: [{ id: a.id, report: report(a.id) }] });
    now += 90_000;
    t.store.apply({ enqueue: [{ id: b.id, report: report(b.id) }] });
    now += 30_000;
    expect(t.store.backlog()).toEqual({ backlog: 2, oldestAgeS: 120 });
    t.store.deferReports([a.id], now + 60_000);
    expect(t.store.dueReports(10).map((r) => r.job_id)).toEqual([b.id]);
    expect(t.store.nextReportDue()).toBe(now - 30_000);
  });

  it('prunes jobs central settled after N days, and never an unconfirmed, flagged or undelivered one, nor one central may have authorized unseen', () => {
    let now = Date.parse('2026-09-01T08:00:00Z');
    t = tempStore({ now: () => new Date(now) });
    const make = (steps: string[], extra?: (id: string) => void) => {
      const { job } = t.store.create(newJob());
      for (const s of steps) t.store.transition(job.id, s as never);
      extra?.(job.id);
      return job.id;
    };
    const paper = ['authorized', 'rendered', 'submitted', 'printed'];
    const confirmed = make([...paper, 'reported', 'confirmed']);
    const reported = make([...paper, 'reported']);
    const printed = make(paper);
    const attention = make(['authorized', 'rendered', 'submitted', 'needs_attention']);
    const requested = make([]);
    // Failed without a serial: central refused it (settled, nothing held there), or its authorization's
    // answer never came or broke the contract (central may hold an authorization this kiosk never saw).
    const refusedByCentral = make([], (id) =>
      t.store.transition(id, 'failed', 'central refused: quota_used_up', { central_confirmed_at: 'x' }),
    );
    const failedNoSerial = make(['failed']);
    const failedUnconfirmed = make(['authorized', 'failed'], (id) => t.store.note(id, 'serial', { serial: 'S-1' }));
    const failedConfirmed = make(['authorized', 'failed'], (id) =>
      t.store.note(id, 'confirmed', { serial: 'S-2', central_confirmed_at: 'x' }),
    );
    const flaggedConfirmed = make([...paper, 'reported', 'confirmed'], (id) => t.store.flag(id, 'central disagrees'));
    const failedWithReport = make(['authorized', 'failed'], (id) => {
      t.store.note(id, 'serial', { serial: 'S-3', central_confirmed_at: 'x' });
      t.store.apply({ enqueue: [{ id, report: report(id) }] });
    });

    now += 29 * DAY;
    expect(t.store.prune(30)).toBe(0);
    const recent = make([...paper, 'reported', 'confirmed']);
    now += 2 * DAY;
    expect(t.store.prune(30)).toBe(3);
    const left = new Set(
      t.db
        .prepare('SELECT id FROM jobs')
        .all()
        .map((r) => (r as { id: string }).id),
    );
    for (const gone of [confirmed, refusedByCentral, failedConfirmed]) expect(left.has(gone)).toBe(false);
    for (const kept of [
      reported,
      printed,
      attention,
      requested,
      failedNoSerial,
      failedUnconfirmed,
      flaggedConfirmed,
      failedWithReport,
      recent,
    ])
      expect(left.has(kept)).toBe(true);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM job_events WHERE job_id = ?').get(confirmed)).toEqual({ n: 0 });
  });

  it('refuses a second job with the same serial, and changes nothing', () => {
    t = tempStore();
    const a = t.store.create(newJob()).job;
    const b = t.store.create(newJob()).job;
    t.store.transition(a.id, 'authorized', null, { serial: 'DU-2026-000001' });
    expect(() => t.store.transition(b.id, 'authorized', null, { serial: 'DU-2026-000001' })).toThrow(
      /UNIQUE constraint failed: jobs.serial/,
    );
    expect(t.store.get(b.id)).toMatchObject({ status: 'requested', serial: null });
    expect(t.store.events(b.id)).toHaveLength(1);
    expect(t.store.bySerial('DU-2026-000001')?.id).toBe(a.id);
    // Jobs without a serial are many.
    t.store.transition(b.id, 'failed');
    expect(t.store.create(newJob()).job.serial).toBeNull();
  });

  it('lists jobs staff must look at: needs_attention and flagged', () => {
    t = tempStore();
    const a = t.store.create(newJob()).job;
    for (const s of ['authorized', 'rendered', 'submitted', 'needs_attention'] as const) t.store.transition(a.id, s);
    const b = t.store.create(newJob()).job;
    t.store.transition(b.id, 'failed');
    t.store.flag(b.id, 'central: unknown_job');
    t.store.create(newJob());
    expect(t.store.attention().map((j) => j.id)).toEqual([a.id, b.id]);
    expect(t.store.get(b.id)).toMatchObject({ status: 'failed', flag: 'central: unknown_job' });
    expect(t.store.countByStatus()).toEqual({ needs_attention: 1, failed: 1, requested: 1 });
  });
});

describe('JobStore when the disk is full or the database unwritable', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  const snapshot = (store: JobStore) => ({
    jobs: store.db.prepare('SELECT * FROM jobs ORDER BY id').all(),
    events: store.db.prepare('SELECT * FROM job_events ORDER BY id').all(),
    outbox: store.db.prepare('SELECT * FROM outbox ORDER BY job_id').all(),
  });

  const fillDatabase = (store: JobStore) => {
    // SQLite's own limit on the file size makes every write that needs a new page fail with SQLITE_FULL,
    // exactly like a full disk does.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
  };

  it('refuses new jobs with StorageUnavailableError when SQLite reports the disk full, keeping every record', () => {
    t = tempStore({ freeBytes: () => 1e12 });
    const kept = t.store.create(newJob()).job;
    t.store.transition(kept.id, 'authorized', null, { serial: 'S-1' });
    const input = newJob();
    fillDatabase(t.store);
    const before = snapshot(t.store);
    let error: unknown;
    try {
      for (let i = 0; i < 50; i++) t.store.create(newJob({ personId: `P-${'x'.repeat(60)}-${i}` }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toMatch(/out of service.*Free disk space/);
    expect(t.store.storageFailure()).toBeInstanceOf(StorageUnavailableError);
    const after = snapshot(t.store);
    expect(after.outbox).toEqual(before.outbox);
    expect(after.jobs.slice(0, before.jobs.length)).toEqual(before.jobs);
    expect(t.store.get(kept.id)).toMatchObject({ status: 'authorized', serial: 'S-1' });
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Space freed: the kiosk takes jobs again.
    t.db.pragma('max_page_count = 1073741823');
    expect(t.store.create(input).created).toBe(true);
    expect(t.store.storageFailure()).toBeNull();
  });

  it('refuses new jobs before the disk is completely full', () => {
    let free = 1e9;
    t = tempStore({ freeBytes: () => free, minFreeBytes: 1e6 });
    t.store.create(newJob());
    free = 1e5;
    const input = newJob();
    expect(() => t.store.create(input)).toThrow(StorageUnavailableError);
    expect(() => t.store.create(input)).toThrow(/ENOSPC/);
    expect(t.store.byKey(input.idempotencyKey)).toBeUndefined();
    free = 1e9;
    expect(t.store.create(input).created).toBe(true);
  });

  it('refuses new jobs when the database is read-only, and still answers for existing ones', () => {
    t = tempStore({ freeBytes: () => 1e12 });
    const input = newJob();
    const existing = t.store.create(input).job;
    t.db.pragma('query_only = ON'); // what SQLite does for a read-only file: SQLITE_READONLY on every write
    expect(() => t.store.create(newJob())).toThrow(StorageUnavailableError);
    expect(() => t.store.create(newJob())).toThrow(/SQLITE_READONLY/);
    expect(() => t.store.transition(existing.id, 'authorized')).toThrow(StorageUnavailableError);
    // A repeated request still gets its job: reading works.
    expect(t.store.create(input)).toEqual({ job: existing, created: false });
    expect(t.store.get(existing.id).status).toBe('requested');
  });
});
