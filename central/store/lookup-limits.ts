/**
 * The card-lookup buckets of each terminal, kept in the database (issue #16 wants stateful limits there,
 * and a restart of central must not refill them). The policy (bucket sizes, refill, how long to wait) is
 * central/domain/lookup-limits.ts; this module reads and writes `lookup_limits`. A terminal with an
 * empty bucket is answered 429 with Retry-After, and staff see an alert on it.
 */
import { forUpdate } from '../../lib/sql/dialect.js';
import { ROW_LOCKS, type Sql } from '../../lib/sql/types.js';
import { raiseSecurityAlert, terminalSource } from './security-alerts.js';
import { lookupsPausedNote, lookupWaitS, tokensAt, type Bucket, type LookupLimits } from '../domain/lookup-limits.js';

type BucketName = keyof LookupLimits;

/**
 * The tokens in each of the terminal's buckets at `nowMs`, read in one query that also locks the
 * terminal's row (a terminal's buckets change only under that lock: ROW_LOCKS), rows or no rows yet.
 */
async function lockedTokens(
  db: Sql,
  terminalId: string,
  limits: LookupLimits,
  nowMs: number,
): Promise<Record<BucketName, number>> {
  const rows = await db.all<{ bucket: string | null; tokens: number | null; updated_ms: number | null }>(
    `SELECT l.bucket, l.tokens, l.updated_ms FROM terminals t LEFT JOIN lookup_limits l ON l.terminal_id = t.id
     WHERE t.id = ?${forUpdate(db, 't')}`,
    [terminalId],
  );
  const at = (name: BucketName, b: Bucket) => {
    const row = rows.find((r) => r.bucket === name);
    return tokensAt(row && { tokens: row.tokens!, updatedMs: row.updated_ms! }, b, nowMs);
  };
  return { lookup: at('lookup', limits.lookup), miss: at('miss', limits.miss) };
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
    const tokens = await lockedTokens(db, terminalId, limits, nowMs);
    const lookups = tokens.lookup;
    const wait = lookupWaitS(lookups, tokens.miss, limits);
    if (wait > 0) {
      await raiseSecurityAlert(db, terminalSource(terminalId), 'card_lookups', lookupsPausedNote(limits), nowMs);
      return wait;
    }
    await store(db, terminalId, 'lookup', lookups - 1, nowMs);
    return 0;
  }, ROW_LOCKS);
}

/** Counts a lookup that found no card. */
export async function recordMiss(sql: Sql, terminalId: string, limits: LookupLimits, nowMs: number): Promise<void> {
  await sql.transaction(async (db) => {
    await store(db, terminalId, 'miss', (await lockedTokens(db, terminalId, limits, nowMs)).miss - 1, nowMs);
  }, ROW_LOCKS);
}
