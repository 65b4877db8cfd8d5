/**
 * Versioned schema migrations for the central SQLite store (run by lib/sqlite-migrations.ts): numbered,
 * each applied in one transaction and recorded in `schema_migrations` (and `user_version`). A database
 * from a newer server is refused.
 */
import type Database from 'better-sqlite3';
import { applyMigrations } from '../../lib/sqlite-migrations.js';

/** Index + 1 is the schema version. Never edit one that has shipped: add a new one. */
export const CENTRAL_MIGRATIONS: readonly string[] = [
  // 1: the schema of the first release (IF NOT EXISTS: databases made before migrations were recorded).
  `
  CREATE TABLE IF NOT EXISTS terminals (id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, revoked_at TEXT, last_heartbeat TEXT, out_of_service INTEGER, backlog INTEGER) STRICT;
  CREATE TABLE IF NOT EXISTS persons (id TEXT PRIMARY KEY, card TEXT NOT NULL UNIQUE, json TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS document_kinds (kind TEXT PRIMARY KEY, title_zh TEXT NOT NULL, title_en TEXT NOT NULL, free_per_term INTEGER NOT NULL, fee_cents INTEGER NOT NULL, max_copies INTEGER NOT NULL, languages TEXT NOT NULL, roles TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS quota_used (person_id TEXT NOT NULL, kind TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (person_id, kind)) STRICT;
  CREATE TABLE IF NOT EXISTS documents (
    job_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, person_id TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
    copies INTEGER NOT NULL, free_copies INTEGER NOT NULL, charged_cents INTEGER NOT NULL,
    serial TEXT NOT NULL UNIQUE, verification_code TEXT NOT NULL UNIQUE, issued_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('authorized','printed','failed','cancelled')), report_count INTEGER NOT NULL DEFAULT 0, pages INTEGER, finished_at TEXT
  ) STRICT;
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  `,
  // 2: the age of a terminal's oldest unsent report (heartbeat), and every report received, for audit.
  `
  ALTER TABLE terminals ADD COLUMN backlog_oldest_s INTEGER;
  CREATE TABLE report_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, terminal_id TEXT NOT NULL, received_at TEXT NOT NULL,
    outcome TEXT NOT NULL, result TEXT NOT NULL, reason TEXT
  ) STRICT;
  CREATE INDEX report_log_by_job ON report_log (job_id, id);
  CREATE INDEX documents_by_terminal ON documents (terminal_id, status);
  `,
  // 3: staff reprints: the reprint takes over the original's free copies and fee (charged once).
  `
  ALTER TABLE documents ADD COLUMN reprint_of TEXT;
  ALTER TABLE documents ADD COLUMN reprinted_as TEXT;
  `,
  // 4: admins (tokens for publishing), and the signed template releases central stores and serves unchanged.
  `
  CREATE TABLE admins (id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT) STRICT;
  CREATE TABLE template_releases (
    id TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
    release TEXT NOT NULL, signature TEXT NOT NULL, key_id TEXT NOT NULL, sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL, published_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
  ) STRICT;
  `,
  // 5: the health a terminal sent with its last heartbeat (JSON of TerminalHealth), for the staff dashboard.
  `
  ALTER TABLE terminals ADD COLUMN health TEXT;
  `,
  // 6: signed settings releases, stored and served unchanged; \`terminals\` is the JSON array of ids (or "*") they address.
  `
  CREATE TABLE settings_releases (
    version INTEGER PRIMARY KEY, release TEXT NOT NULL, signature TEXT NOT NULL, key_id TEXT NOT NULL, sha256 TEXT NOT NULL,
    terminals TEXT NOT NULL, published_at TEXT NOT NULL, published_by TEXT NOT NULL
  ) STRICT;
  `,
  // 7: the last time each terminal looked up each person's card (ms since the epoch): a terminal may ask
  // for a person's data and jobs only after a lookup (central/store/card-lookups.ts).
  `
  CREATE TABLE card_lookups (terminal_id TEXT NOT NULL, person_id TEXT NOT NULL, looked_up_at INTEGER NOT NULL, PRIMARY KEY (terminal_id, person_id)) STRICT;
  CREATE INDEX card_lookups_by_time ON card_lookups (looked_up_at);
  `,
  // 8: a day's grace for the card-lookup binding on a database that already issued documents: jobs the
  // stations queued before the upgrade had their cards looked up by a central that recorded nothing.
  `
  CREATE TABLE card_lookup_grace (until_ms INTEGER NOT NULL) STRICT;
  INSERT INTO card_lookup_grace (until_ms) SELECT (unixepoch('now') + 86400) * 1000 WHERE EXISTS (SELECT 1 FROM documents);
  `,
  // 9: terms (central/store/terms.ts): academic calendars, each version kept; free quotas count per term
  // (rows from before count in the term 'legacy', as does every quota while no calendar is set); each
  // document remembers the term its free copies came from, so a late cancellation gives them back
  // there; each document kind lists the statuses that may print it (filled from the defaults at open).
  `
  CREATE TABLE term_calendars (version INTEGER PRIMARY KEY AUTOINCREMENT, calendar TEXT NOT NULL, set_at TEXT NOT NULL) STRICT;
  ALTER TABLE quota_used RENAME TO quota_used_before_terms;
  CREATE TABLE quota_used (person_id TEXT NOT NULL, kind TEXT NOT NULL, term TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (person_id, kind, term)) STRICT;
  INSERT INTO quota_used (person_id, kind, term, used) SELECT person_id, kind, 'legacy', used FROM quota_used_before_terms;
  DROP TABLE quota_used_before_terms;
  ALTER TABLE documents ADD COLUMN quota_term TEXT;
  UPDATE documents SET quota_term = 'legacy';
  ALTER TABLE document_kinds ADD COLUMN statuses TEXT;
  `,
  // 10: the institution profile, one row per `estation central institution set` (versions only
  // go up, none is ever changed or deleted; the highest is in force), and each version's seal images (PNG bytes).
  `
  CREATE TABLE institution_versions (version INTEGER PRIMARY KEY, profile TEXT NOT NULL, set_at TEXT NOT NULL, set_by TEXT NOT NULL) STRICT;
  CREATE TABLE institution_seals (version INTEGER NOT NULL, office_id TEXT NOT NULL, png BLOB NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (version, office_id)) STRICT;
  `,
  // 11: people as canonical records (central/store/people.ts, docs/data.md "People"): one row per student or
  // teacher, never deleted (`active` 0 = deactivated); every card a person held, with its history; and the
  // maintenance staff, their own kind of record (card + PIN hash), copied from the old `persons` rows.
  // The old students and teachers are adopted into `people` when the store opens (adoptLegacyPersons: the
  // record is built and validated in TypeScript); `persons` itself is kept unchanged.
  `
  CREATE TABLE people (
    id TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('student','teacher')), status TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)), json TEXT NOT NULL, content_hash TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deactivated_at TEXT
  ) STRICT;
  CREATE INDEX people_by_role ON people (role, active);
  CREATE TABLE person_cards (
    id INTEGER PRIMARY KEY AUTOINCREMENT, card TEXT NOT NULL, person_id TEXT NOT NULL REFERENCES people (id),
    since TEXT NOT NULL, retired_at TEXT
  ) STRICT;
  CREATE UNIQUE INDEX person_cards_held ON person_cards (card, person_id) WHERE retired_at IS NULL;
  CREATE INDEX person_cards_by_person ON person_cards (person_id, retired_at);
  CREATE TABLE staff (
    id TEXT PRIMARY KEY, card TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_latin TEXT NOT NULL,
    pin_hash TEXT NOT NULL, created_at TEXT NOT NULL
  ) STRICT;
  INSERT INTO staff (id, card, name, name_latin, pin_hash, created_at)
    SELECT id, card, json_extract(json, '$.name'), COALESCE(json_extract(json, '$.nameLatin'), ''), json_extract(json, '$.pinHash'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM persons WHERE json_extract(json, '$.role') = 'staff' AND json_extract(json, '$.pinHash') IS NOT NULL;
  `,
  // 12 (rollouts, docs/templates.md "Publishing safely"): named groups of terminals (a membership is ended,
  // never deleted), a release meant for one group first (`to_group`), its promotion to all, and the signed
  // rollback instructions, each row saying who did it and when.
  `
  CREATE TABLE terminal_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT, group_name TEXT NOT NULL, terminal_id TEXT NOT NULL,
    added_at TEXT NOT NULL, added_by TEXT NOT NULL, removed_at TEXT, removed_by TEXT
  ) STRICT;
  CREATE UNIQUE INDEX terminal_groups_current ON terminal_groups (group_name, terminal_id) WHERE removed_at IS NULL;
  ALTER TABLE template_releases ADD COLUMN to_group TEXT;
  CREATE TABLE template_promotions (
    id TEXT NOT NULL, version TEXT NOT NULL, promoted_at TEXT NOT NULL, promoted_by TEXT NOT NULL, PRIMARY KEY (id, version)
  ) STRICT;
  CREATE TABLE template_rollbacks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, to_version TEXT NOT NULL, through_version TEXT NOT NULL,
    release TEXT NOT NULL, signature TEXT NOT NULL, key_id TEXT NOT NULL, sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL, published_by TEXT NOT NULL
  ) STRICT;
  `,
  // 13 (kinds): document kinds as data (central/store/kinds.ts, docs/central.md "Document kinds"): every
  // `estation central kinds set`, `disable` and `enable` is a new version of a kind, never changed or
  // deleted; the highest version of each id is in force (the view), listed in the order the kinds first
  // came. The old `document_kinds` rows are adopted when the store opens (built in TypeScript: version 1
  // of the built-in definition with the university's titles, fees, quotas, languages, roles and statuses
  // kept); `document_kinds` itself is kept unchanged.
  `
  CREATE TABLE document_kind_versions (
    id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL, disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    set_at TEXT NOT NULL, set_by TEXT NOT NULL, PRIMARY KEY (id, version)
  ) STRICT;
  CREATE VIEW document_kinds_current AS
    SELECT v.*, (SELECT MIN(rowid) FROM document_kind_versions f WHERE f.id = v.id) AS position
    FROM document_kind_versions v WHERE v.version = (SELECT MAX(version) FROM document_kind_versions m WHERE m.id = v.id);
  `,
  // 14: the purpose (用途) a document was issued for, by the kind's purpose id (NULL: the general purpose).
  `
  ALTER TABLE documents ADD COLUMN purpose TEXT;
  `,
  // 15 (verification that proves content, issue #15; docs/central.md "Verification"): the facts central
  // certified at authorize (`snapshot`, canonical JSON, the seal replaced by its digest) and their
  // `data_digest`; the printed file's and the render's digests from the station's report; how often the
  // page showed it; a revocation (who, when, why). Station signing keys, registered over the terminal's
  // channel: a revoked key stays listed (documents issued before its revocation stay valid).
  `
  ALTER TABLE documents ADD COLUMN snapshot TEXT;
  ALTER TABLE documents ADD COLUMN data_digest TEXT;
  ALTER TABLE documents ADD COLUMN file_sha256 TEXT;
  ALTER TABLE documents ADD COLUMN content_digest TEXT;
  ALTER TABLE documents ADD COLUMN view_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN last_viewed_at TEXT;
  ALTER TABLE documents ADD COLUMN revoked_at TEXT;
  ALTER TABLE documents ADD COLUMN revoked_reason TEXT;
  ALTER TABLE documents ADD COLUMN revoked_by TEXT;
  CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, terminal_id TEXT NOT NULL, registered_at TEXT NOT NULL,
    revoked_at TEXT, revoked_reason TEXT, revoked_by TEXT
  ) STRICT;
  `,
  // 16 (#12 finding 11): reports about jobs not the terminal's own, per terminal and UTC day: how many
  // got a report_log row (capped) and how many were only counted (central/store/report-log.ts).
  `
  CREATE TABLE report_log_unknown (terminal_id TEXT NOT NULL, day TEXT NOT NULL, stored INTEGER NOT NULL, dropped INTEGER NOT NULL, PRIMARY KEY (terminal_id, day)) STRICT;
  `,
  // 17 (#16 retention): each prune that deleted rows, with its limits and counts per table (central/store/retention.ts).
  `
  CREATE TABLE prune_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT NOT NULL, limits TEXT NOT NULL, deleted TEXT NOT NULL) STRICT;
  `,
  // 18: Issue #12, finding 9: wrong staff PINs per (card, source), kept across restarts of central (a source
  // is `terminal:<id>` or `address:<ip>`); rows older than the window are deleted as new failures come.
  `
  CREATE TABLE staff_pin_failures (
    card TEXT NOT NULL,
    source TEXT NOT NULL,
    failures INTEGER NOT NULL,
    since_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    PRIMARY KEY (card, source)
  ) STRICT;
  `,
  // 19: Issue #12, findings 8 and 9: what a terminal did that staff should see (PIN guessing, too many card
  // lookups): one row per (source, cause, detail), updated in place, so the table cannot grow with attempts.
  `
  CREATE TABLE security_alerts (
    source TEXT NOT NULL,
    cause TEXT NOT NULL,
    detail TEXT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    PRIMARY KEY (source, cause, detail)
  ) STRICT;
  `,
  // 20: Issue #12, finding 8: card lookups per terminal, two token buckets (`lookup`, `miss`) refilled by time.
  `
  CREATE TABLE lookup_limits (
    terminal_id TEXT NOT NULL,
    bucket TEXT NOT NULL,
    tokens REAL NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, bucket)
  ) STRICT;
  `,
  // 21: Issue #12, finding 6: template releases an admin withdrew (`estation template withdraw`), with who and
  // why; the release row stays (nothing is deleted), but central no longer offers or serves it.
  `
  CREATE TABLE template_withdrawals (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    reason TEXT NOT NULL,
    withdrawn_by TEXT NOT NULL,
    withdrawn_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
  ) STRICT;
  `,
  // 22: Issue #12, finding 7: a reprint is a staff action checked by central. A staff PIN checked on a terminal
  // gives that terminal a short-lived grant (stored hashed); the reprint document records who and why.
  `
  CREATE TABLE staff_grants (
    token_sha256 TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX staff_grants_expiry ON staff_grants (expires_ms);
  ALTER TABLE documents ADD COLUMN reprint_staff_id TEXT;
  ALTER TABLE documents ADD COLUMN reprint_reason TEXT;
  `,
  // 23: Issue #18: a station's history for its page (central/store/heartbeat-history.ts): one row per terminal
  // and 5-minute slot, and on the terminal its clock's offset and software version from the last heartbeat.
  `
  ALTER TABLE terminals ADD COLUMN clock_offset_ms INTEGER;
  ALTER TABLE terminals ADD COLUMN software_version TEXT;
  CREATE TABLE heartbeat_history (terminal_id TEXT NOT NULL, slot TEXT NOT NULL, last_at TEXT NOT NULL, beats INTEGER NOT NULL, out_of_service INTEGER NOT NULL, printer_state TEXT, printer_errors INTEGER NOT NULL, paper_percent REAL, toner_percent REAL, clock_offset_ms INTEGER, UNIQUE (terminal_id, slot)) STRICT;
  CREATE INDEX heartbeat_history_slot ON heartbeat_history (slot);
  `,
  // 24: staff dashboard sessions (issue #16: a sign-in at one central instance is valid at every other), the token kept as its SHA-256.
  `
  CREATE TABLE staff_sessions (token_sha256 TEXT PRIMARY KEY, staff_id TEXT NOT NULL, staff_name TEXT NOT NULL, created_at TEXT NOT NULL, expires_ms INTEGER NOT NULL) STRICT;
  CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_ms);
  `,
  // 25: staff roles and sites, disabled staff, and each terminal's site (issue #18). Staff from before are admins: they could do everything.
  `
  ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin','operator','viewer'));
  ALTER TABLE staff ADD COLUMN sites TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE staff ADD COLUMN disabled_at TEXT;
  ALTER TABLE terminals ADD COLUMN site TEXT;
  `,
  // 26: Issue #17: central's payment ledger (central/store/payment-ledger.ts), append-only: every money movement
  // of a paid job (hold, capture, release, refund) asked of the payment provider ('requested') and its answer
  // ('done' with the provider's reference, or 'refused'), each at most once per job, movement and outcome.
  `
  CREATE TABLE payment_ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, movement TEXT NOT NULL CHECK (movement IN ('hold', 'capture', 'release', 'refund')), outcome TEXT NOT NULL CHECK (outcome IN ('requested', 'done', 'refused')), person_id TEXT NOT NULL, terminal_id TEXT NOT NULL, amount_cents INTEGER NOT NULL, provider TEXT NOT NULL, reference TEXT, at TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE (job_id, movement, outcome)) STRICT;
  CREATE INDEX payment_ledger_at ON payment_ledger (at);
  CREATE TRIGGER payment_ledger_no_update BEFORE UPDATE ON payment_ledger BEGIN SELECT RAISE(ABORT, 'the payment ledger is append-only: a row is never changed'); END;
  CREATE TRIGGER payment_ledger_no_delete BEFORE DELETE ON payment_ledger BEGIN SELECT RAISE(ABORT, 'the payment ledger is append-only: a row is never deleted'); END;
  `,
  // 27: the dashboard sign-in's failures per client address, the CAS sign-ins started and the CAS tickets already presented (issue #16: every
  // central instance sees the same; before, each kept them in memory). Tickets are kept as SHA-256 digests only.
  `
  CREATE TABLE sign_in_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT NOT NULL, at_ms INTEGER NOT NULL) STRICT;
  CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at_ms);
  CREATE INDEX sign_in_failures_at ON sign_in_failures (at_ms);
  CREATE TABLE cas_tickets_used (ticket_sha256 TEXT PRIMARY KEY, at_ms INTEGER NOT NULL) STRICT;
  CREATE INDEX cas_tickets_used_at ON cas_tickets_used (at_ms);
  CREATE TABLE cas_sign_in_starts (mark_sha256 TEXT PRIMARY KEY, expires_ms INTEGER NOT NULL) STRICT;
  CREATE INDEX cas_sign_in_starts_expiry ON cas_sign_in_starts (expires_ms);
  `,
  // 28: Issue #18: fleet. Station revocations with who, when and why (kept when the station is enrolled again;
  // central/store/station-enrollment.ts); each alert's raised and cleared times, at most one open row per alert
  // id whichever instance notices it (central/store/alert-history.ts); the alert webhooks and the delivery of
  // each transition to each of them (claimed, sent, retried; central/alert-notifier.ts).
  `
  CREATE TABLE terminal_revocations (id INTEGER PRIMARY KEY AUTOINCREMENT, terminal_id TEXT NOT NULL, revoked_at TEXT NOT NULL, revoked_by TEXT NOT NULL, reason TEXT NOT NULL) STRICT;
  CREATE INDEX terminal_revocations_terminal ON terminal_revocations (terminal_id, revoked_at);
  CREATE TABLE alert_history (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, terminal_id TEXT NOT NULL, terminal_name TEXT NOT NULL, cause TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL, cleared_at TEXT) STRICT;
  CREATE UNIQUE INDEX alert_history_open ON alert_history (alert_id) WHERE cleared_at IS NULL;
  CREATE INDEX alert_history_terminal ON alert_history (terminal_id, raised_at);
  CREATE INDEX alert_history_raised ON alert_history (raised_at);
  CREATE INDEX alert_history_cleared ON alert_history (cleared_at);
  CREATE TABLE alert_webhooks (url TEXT PRIMARY KEY, since TEXT NOT NULL) STRICT;
  CREATE TABLE alert_deliveries (history_id INTEGER NOT NULL, transition TEXT NOT NULL CHECK (transition IN ('raised', 'cleared')), url TEXT NOT NULL, claimed_until TEXT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, claimed_by TEXT, sent_at TEXT, PRIMARY KEY (history_id, transition, url)) STRICT;
  CREATE INDEX alert_deliveries_pending ON alert_deliveries (url, sent_at);
  `,
  // 29: Issue #18: central's audit of staff and admin actions (central/store/audit.ts), append-only like the payment
  // ledger: sign-ins, maintenance grants, reprints, revocations, publishes, staff accounts, refunds, enrollments.
  `
  CREATE TABLE audit_events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, terminal_id TEXT, site TEXT, target TEXT, reason TEXT, outcome TEXT NOT NULL CHECK (outcome IN ('done', 'refused', 'failed', 'pending', 'expired')), detail TEXT NOT NULL DEFAULT '{}') STRICT;
  CREATE INDEX audit_events_at ON audit_events (at);
  CREATE INDEX audit_events_terminal ON audit_events (terminal_id, at);
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit is append-only: an event is never changed'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit is append-only: an event is never deleted'); END;
  `,
  // 30: Issue #18: remote actions (central/store/station-actions.ts): who asked what of which station, why, and
  // how it went (pending, delivered, then done, failed, refused or expired); a screenshot is kept a day at most.
  `
  CREATE TABLE station_actions (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id), action TEXT NOT NULL, params TEXT NOT NULL, reason TEXT NOT NULL, requested_by TEXT NOT NULL, requested_via TEXT NOT NULL, requested_at TEXT NOT NULL, expires_at TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('pending','delivered','done','failed','refused','expired')), delivered_at TEXT, deliveries INTEGER NOT NULL DEFAULT 0, finished_at TEXT, outcome TEXT, log_lines TEXT, screenshot_png TEXT, screenshot_until TEXT) STRICT;
  CREATE INDEX station_actions_terminal ON station_actions (terminal_id, state);
  `,
  // 31: Issue #17: the nightly reconciliation of a day of the institution (central/store/reconciliations.ts):
  // one row per day (the key: of two central instances on one database, the one whose claim was written
  // runs it), its latest result, and the staff member who acknowledged its mismatches.
  `
  CREATE TABLE payment_reconciliations (day TEXT PRIMARY KEY, claimed_by TEXT NOT NULL, claimed_at TEXT NOT NULL, finished_at TEXT, runs INTEGER NOT NULL DEFAULT 0, movements INTEGER, mismatches INTEGER, detail TEXT, acknowledged_by TEXT, acknowledged_at TEXT, acknowledged_reason TEXT) STRICT;
  `,
  // 32: Issue #17: how many mismatches staff acknowledged for a day, so that a later run is a new finding only
  // when it finds more than those (before, it was compared with the run before it).
  `
  ALTER TABLE payment_reconciliations ADD COLUMN acknowledged_mismatches INTEGER;
  UPDATE payment_reconciliations SET acknowledged_mismatches = mismatches WHERE acknowledged_at IS NOT NULL;
  `,
];

export class CentralSchemaVersionError extends Error {
  override name = 'CentralSchemaVersionError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The central database ${file} has schema version ${found}, but this server understands up to ${supported}. ` +
        'It was written by a newer E-station central server: run that version (never delete the database, it holds issued documents and quotas).',
    );
  }
}

export function migrateCentral(
  db: Database.Database,
  file: string,
  migrations: readonly string[] = CENTRAL_MIGRATIONS,
): number {
  return applyMigrations(db, {
    migrations,
    tooNew: (found, supported) => new CentralSchemaVersionError(file, found, supported),
  });
}
