/**
 * The card-lookup limit per terminal (issue #12, finding 8): one terminal token once made 3,000 lookups
 * in 8.8 s and found real cards, each hit unlocking 30 minutes of that person's data. Two token buckets
 * per terminal: every lookup takes a token from `lookup`, every miss (an unknown card) also from `miss`,
 * which is smaller and refills more slowly, since guessing card numbers is mostly misses. A terminal
 * whose miss bucket is empty may not look up at all: it cannot know in advance that its next card is a
 * hit. central/store/lookup-limits.ts keeps the buckets in the database and raises the staff alert.
 */
import type { LocalizedText } from '../../shared/domain.js';

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

/**
 * The demo's built-in central (estation demo): one person at the keyboard tries every demo card, with
 * invented people only, so the limits would only get in the way. Never for a central with real people.
 */
export const DEMO_LOOKUP_LIMITS: LookupLimits = {
  lookup: { burst: 1000, perMinute: 1000 },
  miss: { burst: 1000, perMinute: 1000 },
};

/** A bucket as stored: its tokens when last written, and when. */
export interface StoredBucket {
  tokens: number;
  updatedMs: number;
}

/** The tokens in bucket `b` at `nowMs`: full when never used, else refilled at its rate up to its burst. */
export function tokensAt(stored: StoredBucket | undefined, b: Bucket, nowMs: number): number {
  if (!stored) return b.burst;
  const refilled = stored.tokens + (Math.max(0, nowMs - stored.updatedMs) / 60_000) * b.perMinute;
  return Math.min(b.burst, refilled);
}

/** Seconds until the bucket holds a whole token again (at least 1). */
const waitS = (tokens: number, b: Bucket) => Math.max(1, Math.ceil(((1 - tokens) / b.perMinute) * 60));

/** Seconds a terminal holding `lookups` and `misses` tokens must wait before a lookup: 0 when it may go ahead. */
export function lookupWaitS(lookups: number, misses: number, limits: LookupLimits): number {
  return Math.max(lookups < 1 ? waitS(lookups, limits.lookup) : 0, misses < 1 ? waitS(misses, limits.miss) : 0);
}

/** What staff are told when a terminal's lookups are paused, in both languages. */
export function lookupsPausedNote(limits: LookupLimits): LocalizedText {
  return {
    zh: `此终端查卡次数超过正常速度（每分钟 ${limits.lookup.perMinute} 次，未登记卡每分钟 ${limits.miss.perMinute} 次），已暂停查卡`,
    en: `This terminal looked cards up faster than people tap them (limit ${limits.lookup.perMinute} a minute, ${limits.miss.perMinute} a minute for unknown cards); lookups are paused`,
  };
}
