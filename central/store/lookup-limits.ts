/**
 * The card-lookup buckets of each terminal, kept in the database (issue #16 wants stateful limits there,
 * and a restart of central must not refill them). The policy (bucket sizes, refill, how long to wait) is
 * central/domain/lookup-limits.ts; this module reads and writes `lookup_limits`. A terminal with an
 * empty bucket is answered 429 with Retry-After, and staff see an alert on it.
 */
import type Database from 'better-sqlite3';
import { raiseSecurityAlert, terminalSource } from './security-alerts.js';
import { lookupsPausedNote, lookupWaitS, tokensAt, type Bucket, type LookupLimits } from '../domain/lookup-limits.js';

type BucketName = keyof LookupLimits;

function tokensOf(db: Database.Database, terminalId: string, name: BucketName, b: Bucket, nowMs: number): number {
  const row = db
    .prepare('SELECT tokens, updated_ms FROM lookup_limits WHERE terminal_id = ? AND bucket = ?')
    .get(terminalId, name) as { tokens: number; updated_ms: number } | undefined;
  return tokensAt(row && { tokens: row.tokens, updatedMs: row.updated_ms }, b, nowMs);
}

function store(db: Database.Database, terminalId: string, name: BucketName, tokens: number, nowMs: number): void {
  db.prepare(
    `INSERT INTO lookup_limits (terminal_id, bucket, tokens, updated_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (terminal_id, bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms`,
  ).run(terminalId, name, tokens, nowMs);
}

/**
 * Takes a lookup token for `terminalId`; answers 0 when the lookup may go ahead, else the seconds to
 * wait (and raises the staff alert).
 */
export function takeLookup(db: Database.Database, terminalId: string, limits: LookupLimits, nowMs: number): number {
  return db
    .transaction((): number => {
      const lookups = tokensOf(db, terminalId, 'lookup', limits.lookup, nowMs);
      const wait = lookupWaitS(lookups, tokensOf(db, terminalId, 'miss', limits.miss, nowMs), limits);
      if (wait > 0) {
        raiseSecurityAlert(db, terminalSource(terminalId), 'card_lookups', lookupsPausedNote(limits), nowMs);
        return wait;
      }
      store(db, terminalId, 'lookup', lookups - 1, nowMs);
      return 0;
    })
    .immediate();
}

/** Counts a lookup that found no card. */
export function recordMiss(db: Database.Database, terminalId: string, limits: LookupLimits, nowMs: number): void {
  db.transaction(() => {
    store(db, terminalId, 'miss', tokensOf(db, terminalId, 'miss', limits.miss, nowMs) - 1, nowMs);
  }).immediate();
}
