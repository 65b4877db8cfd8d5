/**
 * The kiosk's SQLite database (better-sqlite3), opened by lib/sqlite.ts: WAL, synchronous=FULL (a committed
 * job state survives a power cut), busy_timeout, foreign keys, and numbered migrations
 * (lib/sqlite-migrations.ts) applied in a transaction and recorded in the database. A database written
 * by a newer E-station is refused, never downgraded.
 */
import type Database from 'better-sqlite3';
import { openSqlite } from '../../lib/sqlite.js';
import { applyMigrations } from '../../lib/sqlite-migrations.js';

export type Db = Database.Database;

/** Migrations in order; index + 1 is the schema version. Never edit one that has shipped: add a new one. */
export const MIGRATIONS: readonly string[] = [
  // 1: jobs, their append-only audit trail, and the outbox of reports for central.
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    template_id TEXT,
    template_version TEXT,
    copies INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 20),
    pages INTEGER,
    serial TEXT,
    verification_code TEXT,
    printer_id TEXT,
    printer_job_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('requested','authorized','rendered','submitted','printed','reported','confirmed','failed','cancelled','needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX jobs_by_status ON jobs (status, id);
  CREATE TABLE job_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  CREATE INDEX job_events_by_job ON job_events (job_id, id);
  CREATE TRIGGER job_events_append_only BEFORE UPDATE ON job_events
    BEGIN SELECT RAISE(ABORT, 'job_events is append-only'); END;
  CREATE TABLE outbox (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  `,
  // 2: staff flags on jobs whose record central contradicts, central's confirmation time (pruning),
  //    restarts counted per job (a document that crashes the kiosk every time is given up, not looped),
  //    and a scratch table the health probe writes to.
  `
  ALTER TABLE jobs ADD COLUMN flag TEXT;
  ALTER TABLE jobs ADD COLUMN central_confirmed_at TEXT;
  ALTER TABLE jobs ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX jobs_by_status_age ON jobs (status, updated_at);
  CREATE INDEX jobs_flagged ON jobs (flag) WHERE flag IS NOT NULL;
  CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at);
  CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL) STRICT;
  `,
  // 3: a staff reprint names the job it replaces, so central charges the student once.
  `
  ALTER TABLE jobs ADD COLUMN reprint_of TEXT;
  `,
  // 4: staff cards and PINs central accepted, hashed, so that maintenance mode opens while central is
  //    unreachable (see staff/staff-credentials.ts), and the station's own salts.
  `
  CREATE TABLE local_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
  CREATE TABLE staff_credentials (
    card_key TEXT PRIMARY KEY,
    salt BLOB NOT NULL,
    pin_hash BLOB NOT NULL,
    staff_id TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    verified_at INTEGER NOT NULL
  ) STRICT;
  `,
  // 5: the audit trail cannot be deleted either, except with its job (pruning a confirmed job cascades).
  `
  CREATE TRIGGER job_events_no_delete BEFORE DELETE ON job_events
    WHEN EXISTS (SELECT 1 FROM jobs WHERE id = OLD.job_id)
    BEGIN SELECT RAISE(ABORT, 'job_events is append-only'); END;
  `,
  // 6: a failed job is pruned only once central has settled it (JobStore.prune). Jobs central refused for a
  //    reason that shows it holds nothing for them (unknown_person, not_eligible, quota_used_up) are settled;
  //    every other failed job without a serial may be authorized at central unseen: it is flagged for staff.
  `
  UPDATE jobs SET central_confirmed_at = updated_at
    WHERE status = 'failed' AND serial IS NULL AND central_confirmed_at IS NULL
      AND EXISTS (SELECT 1 FROM job_events e WHERE e.job_id = jobs.id AND e.to_status = 'failed'
                  AND e.detail IN ('central refused: unknown_person', 'central refused: not_eligible', 'central refused: quota_used_up'));
  CREATE TEMP TABLE unsettled AS
    SELECT id, status, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at,
           'failed without a serial before this kiosk kept such jobs; central may hold an authorization for this job that this kiosk never recorded (no serial here, so no report can release it): check the job at central' AS why
    FROM jobs WHERE status IN ('failed', 'cancelled') AND serial IS NULL AND central_confirmed_at IS NULL AND flag IS NULL;
  INSERT INTO job_events (job_id, at, from_status, to_status, detail) SELECT id, at, status, status, 'flagged for staff: ' || why FROM unsettled ORDER BY id;
  UPDATE jobs SET flag = (SELECT why FROM unsettled WHERE unsettled.id = jobs.id), updated_at = (SELECT at FROM unsettled WHERE unsettled.id = jobs.id)
    WHERE id IN (SELECT id FROM unsettled);
  DROP TABLE unsettled;
  `,
  // 7: one serial per job. Central issues each serial once, but an older kiosk accepted an empty serial, or
  //    one another job already had. The oldest holder of a duplicated serial keeps it; the empty ones and
  //    the later holders lose it (it stays in the flag, the audit trail and any report already queued), and
  //    every job involved is flagged for staff. A job that loses its serial while on the printer or printed
  //    (no report queued yet) could never be reported: it goes to needs_attention for staff to decide.
  //    Then serials are made unique.
  `
  CREATE TEMP TABLE bad_serial AS
    SELECT id, status, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at,
           CASE WHEN serial = '' THEN 'central gave this job an empty serial, which an older kiosk accepted (nothing can be reported for it): check the job at central'
                ELSE 'central gave serial ' || serial || ' to this job and to another one, which an older kiosk accepted: check both at central' END AS why,
           serial = '' OR id <> (SELECT MIN(o.id) FROM jobs o WHERE o.serial = jobs.serial) AS drop_serial
    FROM jobs
    WHERE serial = '' OR serial IN (SELECT serial FROM jobs WHERE serial IS NOT NULL GROUP BY serial HAVING COUNT(*) > 1);
  ALTER TABLE bad_serial ADD COLUMN to_status TEXT;
  UPDATE bad_serial SET to_status = CASE WHEN drop_serial AND status IN ('submitted', 'printed') THEN 'needs_attention' ELSE status END;
  INSERT INTO job_events (job_id, at, from_status, to_status, detail) SELECT id, at, status, to_status, 'flagged for staff: ' || why FROM bad_serial ORDER BY id;
  UPDATE jobs SET
      flag = substr(COALESCE(flag || '; ', '') || (SELECT why FROM bad_serial b WHERE b.id = jobs.id), 1, 500),
      serial = CASE WHEN (SELECT drop_serial FROM bad_serial b WHERE b.id = jobs.id) THEN NULL ELSE serial END,
      status = (SELECT to_status FROM bad_serial b WHERE b.id = jobs.id),
      updated_at = (SELECT at FROM bad_serial b WHERE b.id = jobs.id)
    WHERE id IN (SELECT id FROM bad_serial);
  DROP TABLE bad_serial;
  CREATE UNIQUE INDEX jobs_serial_unique ON jobs (serial) WHERE serial IS NOT NULL;
  `,
  // 8: the purpose (用途) the person picked, in the words it prints ({"id","zh","en"} as JSON; NULL: the
  //    general purpose): a job rendered again after a restart must say what the person chose.
  `
  ALTER TABLE jobs ADD COLUMN purpose TEXT;
  `,
  // 9: how many days the document vouches for its holder, as central said at authorization (NULL: the
  //    engine's default), so that a job rendered again after a restart carries the same expiry.
  `
  ALTER TABLE jobs ADD COLUMN valid_days INTEGER;
  `,
  // 10: the document data a job prints, kept from before its authorization (central snapshots the same
  //     data, checked by its digest) until the job is on the printer: a restart renders exactly what
  //     central snapshotted instead of fetching records that may have changed since (queue/job-data.ts).
  //     It is a person's record on a public machine: the trigger wipes it, with an audit event, in the
  //     transaction that moves the job past the render (submitted, failed, cancelled): from there on
  //     nothing prints from it, so central's confirmation never finds it still there. The file and
  //     content digests of what was rendered go into the printed report.
  `
  CREATE TABLE job_data (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    digest TEXT NOT NULL,
    stored_at TEXT NOT NULL
  ) STRICT;
  ALTER TABLE jobs ADD COLUMN file_sha256 TEXT;
  ALTER TABLE jobs ADD COLUMN content_digest TEXT;
  CREATE TRIGGER job_data_wipe AFTER UPDATE OF status ON jobs
    WHEN NEW.status NOT IN ('requested', 'authorized', 'rendered')
      AND EXISTS (SELECT 1 FROM job_data WHERE job_id = NEW.id)
    BEGIN
      INSERT INTO job_events (job_id, at, from_status, to_status, detail)
        VALUES (NEW.id, NEW.updated_at, NEW.status, NEW.status, 'document data wiped: nothing more prints from it');
      DELETE FROM job_data WHERE job_id = NEW.id;
    END;
  `,
  // 11 (issue #12, finding 7): the staff grant and reason a reprint job sends to central (queue/reprint-staff.ts).
  `
  CREATE TABLE reprint_staff (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    grant_token TEXT,
    staff TEXT NOT NULL,
    reason TEXT NOT NULL
  ) STRICT;
  `,
  // 12 (issue #18): remote actions staff asked at central, by id, so each runs once however often central
  //     carries it (station/remote-actions.ts), with the answer kept to send again; and staff holding the
  //     station out of service from central, which a restart keeps.
  `
  CREATE TABLE remote_actions (
    id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'finished')),
    received_at TEXT NOT NULL,
    finished_at TEXT,
    answer TEXT
  ) STRICT;
  CREATE TABLE held_out_of_service (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    staff TEXT NOT NULL,
    reason TEXT NOT NULL,
    since TEXT NOT NULL
  ) STRICT;
  `,
  // 13 (issue #17): what central charged for the job, in fen, as its authorization said (NULL: not
  //     authorized yet, or authorized before this column): the done screen and the receipt show it.
  `
  ALTER TABLE jobs ADD COLUMN charged_cents INTEGER;
  `,
];

export class DatabaseVersionError extends Error {
  override name = 'DatabaseVersionError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The job database ${file} has schema version ${found}, but this E-station understands up to ${supported}. ` +
        'It was written by a newer E-station: install that version again (never delete the database, it holds unconfirmed print jobs).',
    );
  }
}

/**
 * The job database cannot be written: disk full, read-only file or folder, I/O error, damaged file.
 * The kiosk refuses new print jobs while this lasts; every committed record stays as it was.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(
    readonly file: string,
    readonly sqliteCode: string,
    cause: string,
  ) {
    super(
      `The job database ${file} cannot be written (${sqliteCode}: ${cause}). This station is out of service and takes no new print jobs; ` +
        'jobs already recorded are kept. Free disk space or make the data folder writable, then restart the kiosk.',
    );
  }
}

// SQLite's result codes, and the file-system errors creating the data folder can raise.
const STORAGE_CODES =
  /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM)|ENOSPC|EROFS|EACCES|EPERM|ENOTDIR|EISDIR|EEXIST|EIO|EDQUOT)/;

/** True when `err` is SQLite saying the file cannot be written (as opposed to a bug or a constraint). */
export function isStorageFailure(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** Runs `fn`; a storage failure comes out as StorageUnavailableError, anything else unchanged. */
export function guardStorage<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isStorageFailure(err)) throw new StorageUnavailableError(file, err.code, err.message);
    throw err;
  }
}

/** The job database's schema version (for tests and diagnostics). */
export { schemaVersion } from '../../lib/sqlite-migrations.js';

export function migrate(db: Db, file = db.name, migrations: readonly string[] = MIGRATIONS): number {
  return applyMigrations(db, {
    migrations,
    tooNew: (found, supported) => new DatabaseVersionError(file, found, supported),
  });
}

/** Opens (creating if needed) and migrates the database at `file`. Throws StorageUnavailableError if it cannot. */
export function openDatabase(file: string): Db {
  return guardStorage(file, () => openSqlite(file, { migrate: (db) => migrate(db, file) }));
}
