/**
 * Card lookups per terminal at a human rate (issue #12, finding 8): one terminal token once made 3,000
 * lookups in 8.8 s and found real cards, each hit unlocking 30 minutes of that person's data. Two token
 * buckets per terminal, kept in the database (issue #16 wants stateful limits there, and a restart of
 * central must not refill them): every lookup takes a token from `lookup`, every miss (an unknown card)
 * also from `miss`, which is smaller and refills more slowly, since guessing card numbers is mostly misses.
 * A terminal with an empty bucket is answered 429 with Retry-After, and staff see an alert on it.
 */
import type Database from 'better-sqlite3';
import { raiseSecurityAlert, terminalSource } from './security-alerts.js';

export interface Bucket {
  /** Lookups a terminal may make at once (a queue of students tapping one after another). */
  burst: number;
  /** Lookups per minute sustained. */
  perMinute: number;
}

export interface LookupLimits {
  lookup: Bucket;
  miss: Bucket;
}

/** A student taps, reads, prints: a few a minute per terminal, with room for a short queue. */
export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  lookup: { burst: 10, perMinute: 6 },
  miss: { burst: 5, perMinute: 2 },
};

type BucketName = keyof LookupLimits;

function tokensOf(db: Database.Database, terminalId: string, name: BucketName, b: Bucket, nowMs: number): number {
  const row = db
    .prepare('SELECT tokens, updated_ms FROM lookup_limits WHERE terminal_id = ? AND bucket = ?')
    .get(terminalId, name) as { tokens: number; updated_ms: number } | undefined;
  if (!row) return b.burst;
  const refilled = row.tokens + (Math.max(0, nowMs - row.updated_ms) / 60_000) * b.perMinute;
  return Math.min(b.burst, refilled);
}

function store(db: Database.Database, terminalId: string, name: BucketName, tokens: number, nowMs: number): void {
  db.prepare(
    `INSERT INTO lookup_limits (terminal_id, bucket, tokens, updated_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (terminal_id, bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms`,
  ).run(terminalId, name, tokens, nowMs);
}

/** Seconds until the bucket holds a whole token again (at least 1). */
const waitS = (tokens: number, b: Bucket) => Math.max(1, Math.ceil(((1 - tokens) / b.perMinute) * 60));

/**
 * Takes a lookup token for `terminalId`; answers 0 when the lookup may go ahead, else the seconds to
 * wait (and raises the staff alert). A terminal whose miss bucket is empty may not look up at all: it
 * cannot know in advance that its next card is a hit.
 */
export function takeLookup(db: Database.Database, terminalId: string, limits: LookupLimits, nowMs: number): number {
  return db
    .transaction((): number => {
      const lookups = tokensOf(db, terminalId, 'lookup', limits.lookup, nowMs);
      const misses = tokensOf(db, terminalId, 'miss', limits.miss, nowMs);
      const wait = Math.max(
        lookups < 1 ? waitS(lookups, limits.lookup) : 0,
        misses < 1 ? waitS(misses, limits.miss) : 0,
      );
      if (wait > 0) {
        raiseSecurityAlert(
          db,
          terminalSource(terminalId),
          'card_lookups',
          {
            zh: `此终端查卡次数超过正常速度（每分钟 ${limits.lookup.perMinute} 次，未登记卡每分钟 ${limits.miss.perMinute} 次），已暂停查卡`,
            en: `This terminal looked cards up faster than people tap them (limit ${limits.lookup.perMinute} a minute, ${limits.miss.perMinute} a minute for unknown cards); lookups are paused`,
          },
          nowMs,
        );
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
