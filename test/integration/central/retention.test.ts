/**
 * Retention on a real SQLite file with times injected: report logs, the daily counts of dropped
 * reports and card lookups older than the limits go, in batches, each prune audited with its counts;
 * nothing else is touched. The server prunes at start; `estation central prune [--dry-run]` does it now.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { startCentralServer } from '../../../central/server.js';
import { demoPeople } from '../../../central/seed/demo.js';
import {
  DEFAULT_RETENTION,
  prune,
  pruneAudit,
  retentionLimits,
  RetentionLimitError,
} from '../../../central/store/retention.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { BIN, ROOT } from '../../helpers/central-process.js';

const NOW = new Date('2026-09-01T12:00:00Z');
const DAY = 24 * 3600_000;
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY);
const PRUNED = ['report_log', 'report_log_unknown', 'card_lookups', 'heartbeat_history', 'prune_audit'];

/** A central database with people, and report logs, dropped-report counts, card lookups and heartbeats of various ages. */
async function siteWith(oldReports: number, now = NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'estation-retention-'));
  const store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  await store.seed(demoPeople());
  await store.enrollTerminal('kiosk-1', 'Kiosk 1');
  const db = store.db;
  const log = db.prepare(
    "INSERT INTO report_log (job_id, terminal_id, received_at, outcome, result) VALUES (?, 'kiosk-1', ?, 'printed', 'confirmed')",
  );
  db.transaction(() => {
    for (let i = 0; i < oldReports; i++) log.run(`old-${i}`, ago(500, now).toISOString());
    for (let i = 0; i < 7; i++) log.run(`new-${i}`, ago(10, now).toISOString());
  })();
  const counts = db.prepare('INSERT INTO report_log_unknown (terminal_id, day, stored, dropped) VALUES (?, ?, 200, 5)');
  counts.run('kiosk-1', ago(500, now).toISOString().slice(0, 10));
  counts.run('kiosk-1', ago(1, now).toISOString().slice(0, 10));
  const lookup = db.prepare("INSERT INTO card_lookups (terminal_id, person_id, looked_up_at) VALUES ('kiosk-1', ?, ?)");
  lookup.run('p-old', ago(30, now).getTime());
  lookup.run('p-new', ago(0.5, now).getTime());
  // Heartbeat history: one slot past the default 90 days, one within it but past 5 days, one from today.
  for (const days of [100, 30, 0.5])
    await store.heartbeat('kiosk-1', ago(days, now).toISOString(), { outOfService: false, backlog: 0 });
  return { store, db, dir };
}

/** Rows of every table the prune must not touch. */
function untouched(db: SqliteCentralStore['db']): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as {
    name: string;
  }[];
  return Object.fromEntries(
    tables
      .filter((t) => !PRUNED.includes(t.name))
      .map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]),
  );
}

describe('retention prune', () => {
  it('a dry run counts what would go and deletes nothing, audits nothing', async () => {
    const { store, db } = await siteWith(3);
    const r = await prune(store.sql, DEFAULT_RETENTION, NOW, { dryRun: true, by: 'cli' });
    expect(r.counts).toEqual({ report_log: 3, report_log_unknown: 1, card_lookups: 1, heartbeat_history: 1 });
    expect((db.prepare('SELECT COUNT(*) AS n FROM report_log').get() as { n: number }).n).toBe(10);
    expect(await pruneAudit(store.sql)).toEqual([]);
    await store.close();
  });

  it('deletes exactly what is older than the limits, in batches, audits it, and leaves everything else', async () => {
    const { store, db } = await siteWith(12_000);
    const before = untouched(db);
    expect(before.persons! + before.people!).toBeGreaterThan(0);
    const r = await prune(store.sql, DEFAULT_RETENTION, NOW, { by: 'schedule' });
    expect(r.counts).toEqual({ report_log: 12_000, report_log_unknown: 1, card_lookups: 1, heartbeat_history: 1 });
    expect(db.prepare('SELECT job_id FROM report_log ORDER BY id').all()).toHaveLength(7);
    expect(db.prepare("SELECT COUNT(*) AS n FROM report_log WHERE job_id LIKE 'old-%'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT person_id FROM card_lookups').all()).toEqual([{ person_id: 'p-new' }]);
    expect(untouched(db)).toEqual(before);
    expect(await pruneAudit(store.sql)).toEqual([
      { at: NOW.toISOString(), by: 'schedule', limits: DEFAULT_RETENTION, deleted: r.counts },
    ]);
    // Nothing left to prune: no second audit entry.
    expect((await prune(store.sql, DEFAULT_RETENTION, NOW, { by: 'schedule' })).counts.report_log).toBe(0);
    expect(await pruneAudit(store.sql)).toHaveLength(1);
    await store.close();
  });

  it('shorter limits take more; a limit too short for what the rows are for is refused', async () => {
    const { store, db } = await siteWith(0);
    const r = await prune(store.sql, retentionLimits({ reportLogDays: 5, cardLookupDays: 1, heartbeatDays: 5 }), NOW, {
      by: 'cli',
    });
    expect(r.counts).toEqual({ report_log: 7, report_log_unknown: 1, card_lookups: 1, heartbeat_history: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM heartbeat_history').get()).toEqual({ n: 1 });
    expect(() => retentionLimits({ cardLookupDays: 0 })).toThrow(RetentionLimitError);
    expect(() => retentionLimits({ reportLogDays: 1.5 })).toThrow(/reportLogDays must be a whole number of days/);
    expect(() => retentionLimits({ heartbeatDays: 0 })).toThrow(/heartbeatDays must be a whole number of days from 1/);
    await store.close();
  });

  it('the server prunes at start with its configured limits', async () => {
    // The server's clock is the real one: the rows' ages are counted from it.
    const { store, dir } = await siteWith(4, new Date());
    await store.close();
    const central = await startCentralServer({ dataDir: dir, retention: { reportLogDays: 30 } });
    try {
      await vi.waitFor(async () => expect(await pruneAudit(central.store.sql)).toHaveLength(1));
      const [entry] = await pruneAudit(central.store.sql);
      expect(entry!.by).toBe('schedule');
      expect(entry!.limits).toEqual({ reportLogDays: 30, cardLookupDays: 7, heartbeatDays: 90 });
      expect(entry!.deleted.report_log).toBe(4);
    } finally {
      await central.close();
    }
  });
});

describe('estation central prune', () => {
  const run = promisify(execFile);
  const estation = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, 'central', 'prune', ...args], { cwd: ROOT });
      return { code: 0, out: stdout, err: stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout, err: err.stderr };
    }
  };

  it('--dry-run says what would go; without it, it goes; a bad limit is a usage error', async () => {
    const { store, dir } = await siteWith(2, new Date());
    await store.close();
    const dry = await estation('--dry-run', '--data', dir);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Would delete 2 report log rows older than 400 days');
    expect(dry.out).toContain('Dry run: nothing was deleted');
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    expect(dry.out).toContain(`kiosk-1 on ${yesterday}: 5 reports of jobs not its own were counted but not logged`);
    const real = await estation('--data', dir, '--keep-reports', '5', '--json');
    expect(real.code).toBe(0);
    expect(JSON.parse(real.out)).toMatchObject({ dryRun: false, counts: { report_log: 9, heartbeat_history: 1 } });
    const heartbeats = await estation('--data', dir, '--keep-heartbeats', '5');
    expect(heartbeats.code).toBe(0);
    expect(heartbeats.out).toContain('1 heartbeat history slots older than 5 days');
    const badHeartbeats = await estation('--data', dir, '--keep-heartbeats', 'a week');
    expect(badHeartbeats.err).toContain('--keep-heartbeats takes a whole number of days, not "a week"');
    const bad = await estation('--data', dir, '--keep-lookups', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--keep-lookups must be a whole number of days from 1');
  });
});
