/**
 * The card-lookup buckets of each terminal, kept in the database (issue #16 wants stateful limits there,
 * and a restart of central must not refill them). The policy (bucket sizes, refill, how long to wait) is
 * central/domain/lookup-limits.ts; this module reads and writes `lookup_limits`. A terminal with an
 * empty bucket is answered 429 with Retry-After, and staff see an alert on it.
 */
import type { Sql } from '../../lib/sql/types.js';
import { raiseSecurityAlert, terminalSource } from './security-alerts.js';
import { lookupsPausedNote, lookupWaitS, tokensAt, type Bucket, type LookupLimits } from '../domain/lookup-limits.js';

type BucketName = keyof LookupLimits;

async function tokensOf(db: Sql, terminalId: string, name: BucketName, b: Bucket, nowMs: number): Promise<number> {
  const row = (await db.get('SELECT tokens, updated_ms FROM lookup_limits WHERE terminal_id = ? AND bucket = ?', [
    terminalId,
    name,
  ])) as { tokens: number; updated_ms: number } | undefined;
  return tokensAt(row && { tokens: row.tokens, updatedMs: row.updated_ms }, b, nowMs);
}

async function store(db: Sql, terminalId: string, name: BucketName, tokens: number, nowMs: number): Promise<void> {
  await db.run(
    `INSERT INTO lookup_limits (terminal_id, bucket, tokens, updated_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (terminal_id, bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms`,
    [terminalId, name, tokens, nowMs],
  );
}

/**
 * Takes a lookup token for `terminalId`; answers 0 when the lookup may go ahead, else the seconds to
 * wait (and raises the staff alert).
 */
export async function takeLookup(sql: Sql, terminalId: string, limits: LookupLimits, nowMs: number): Promise<number> {
  return sql.transaction(async (db) => {
    const lookups = await tokensOf(db, terminalId, 'lookup', limits.lookup, nowMs);
    const wait = lookupWaitS(lookups, await tokensOf(db, terminalId, 'miss', limits.miss, nowMs), limits);
    if (wait > 0) {
      await raiseSecurityAlert(db, terminalSource(terminalId), 'card_lookups', lookupsPausedNote(limits), nowMs);
      return wait;
    }
    await store(db, terminalId, 'lookup', lookups - 1, nowMs);
    return 0;
  });
}

/** Counts a lookup that found no card. */
export async function recordMiss(sql: Sql, terminalId: string, limits: LookupLimits, nowMs: number): Promise<void> {
  await sql.transaction(async (db) => {
    await store(db, terminalId, 'miss', (await tokensOf(db, terminalId, 'miss', limits.miss, nowMs)) - 1, nowMs);
  });
}
