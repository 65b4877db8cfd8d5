/**
 * The card-lookup buckets of each terminal, kept in the database (issue #16 wants stateful limits there,
 * and a restart of central must not refill them). The policy (bucket sizes, refill, how long to wait) is
 * central/domain/lookup-limits.ts; this module reads and writes `lookup_limits`. A terminal with an
 * empty bucket is answered 429 with Retry-After, and staff see an alert on it.
 *
 * A bucket is changed by compare-and-set, not under a lock: it is read, and written back only if it
 * still holds what was read (else read again). Every lookup costs two statements and no transaction,
 * and two instances taking from one terminal's bucket at once never both spend the same token.
 */
import type { Sql } from '../../lib/sql/types.js';
import { raiseSecurityAlert, terminalSource } from './security-alerts.js';
import { lookupsPausedNote, lookupWaitS, tokensAt, type LookupLimits } from '../domain/lookup-limits.js';

type BucketName = keyof LookupLimits;

/** A bucket as read: what a write must still find there to replace it (null: no row yet). */
type Read = { tokens: number; updatedMs: number } | null;

/** How many times a write that lost to another is tried again before giving up. */
const ATTEMPTS = 50;

/** Both of the terminal's buckets as stored (one query). */
async function readBuckets(db: Sql, terminalId: string): Promise<Record<BucketName, Read>> {
  const rows = await db.all<{ bucket: string; tokens: number; updated_ms: number }>(
    'SELECT bucket, tokens, updated_ms FROM lookup_limits WHERE terminal_id = ?',
    [terminalId],
  );
  const of = (name: BucketName): Read => {
    const row = rows.find((r) => r.bucket === name);
    return row ? { tokens: row.tokens, updatedMs: row.updated_ms } : null;
  };
  return { lookup: of('lookup'), miss: of('miss') };
}

/** Writes `tokens` at `nowMs` if the bucket still holds `read`; false when another write came first. */
async function replace(
  db: Sql,
  terminalId: string,
  name: BucketName,
  read: Read,
  tokens: number,
  nowMs: number,
): Promise<boolean> {
  // A bucket with no row yet: the insert conflicts only if another created it meanwhile (-1 never matches).
  const { changes } = await db.run(
    `INSERT INTO lookup_limits (terminal_id, bucket, tokens, updated_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (terminal_id, bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms
     WHERE lookup_limits.updated_ms = ? AND lookup_limits.tokens = ?`,
    [terminalId, name, tokens, nowMs, read?.updatedMs ?? -1, read?.tokens ?? -1],
  );
  return changes === 1;
}

/** Runs `attempt` until it wrote (or decided to write nothing). */
async function untilWritten<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const done = await attempt();
    if (done !== undefined) return done;
  }
  throw new Error(`A terminal's card-lookup allowance changed under ${ATTEMPTS} tries in a row; try again.`);
}

/**
 * Takes a lookup token for `terminalId`; answers 0 when the lookup may go ahead, else the seconds to
 * wait (and raises the staff alert).
 */
export async function takeLookup(sql: Sql, terminalId: string, limits: LookupLimits, nowMs: number): Promise<number> {
  return untilWritten(async () => {
    const read = await readBuckets(sql, terminalId);
    const lookups = tokensAt(read.lookup ?? undefined, limits.lookup, nowMs);
    const wait = lookupWaitS(lookups, tokensAt(read.miss ?? undefined, limits.miss, nowMs), limits);
    if (wait > 0) {
      await raiseSecurityAlert(sql, terminalSource(terminalId), 'card_lookups', lookupsPausedNote(limits), nowMs);
      return wait;
    }
    return (await replace(sql, terminalId, 'lookup', read.lookup, lookups - 1, nowMs)) ? 0 : undefined;
  });
}

/** Counts a lookup that found no card. */
export async function recordMiss(sql: Sql, terminalId: string, limits: LookupLimits, nowMs: number): Promise<void> {
  await untilWritten(async () => {
    const read = (await readBuckets(sql, terminalId)).miss;
    const misses = tokensAt(read ?? undefined, limits.miss, nowMs);
    return (await replace(sql, terminalId, 'miss', read, misses - 1, nowMs)) || undefined;
  });
}
