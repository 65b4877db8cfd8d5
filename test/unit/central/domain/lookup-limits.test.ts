/** The card-lookup limit per terminal (central/domain/lookup-limits.ts; issue #12, finding 8). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOOKUP_LIMITS as L,
  lookupsPausedNote,
  lookupWaitS,
  tokensAt,
} from '../../../../central/domain/lookup-limits.js';

const NOW = 5_000_000;

describe('tokensAt', () => {
  it('a bucket never used is full', () => {
    expect(tokensAt(undefined, L.lookup, NOW)).toBe(L.lookup.burst);
  });
  it('refills at its rate per minute, up to its burst', () => {
    expect(tokensAt({ tokens: 0, updatedMs: NOW - 30_000 }, L.lookup, NOW)).toBe(L.lookup.perMinute / 2);
    expect(tokensAt({ tokens: 0, updatedMs: NOW - 3_600_000 }, L.lookup, NOW)).toBe(L.lookup.burst);
  });
  it('does not drain when the clock goes back', () => {
    expect(tokensAt({ tokens: 2, updatedMs: NOW + 60_000 }, L.miss, NOW)).toBe(2);
  });
});

describe('lookupWaitS', () => {
  it('lets a lookup go ahead with a token in both buckets', () => {
    expect(lookupWaitS(1, 1, L)).toBe(0);
  });
  it('waits for the lookup bucket to hold a whole token', () => {
    // Half a token at 6 a minute: 5 seconds.
    expect(lookupWaitS(0.5, 3, L)).toBe(5);
  });
  it('stops all lookups while the miss bucket is empty (the next card may be a guess too)', () => {
    // No token at 2 a minute: 30 seconds, though lookups are left.
    expect(lookupWaitS(10, 0, L)).toBe(30);
  });
  it('waits for the slower of the two', () => {
    expect(lookupWaitS(0, 0, L)).toBe(30);
  });
});

it('tells staff the limits in both languages', () => {
  const note = lookupsPausedNote(L);
  expect(note.en).toContain(`limit ${L.lookup.perMinute} a minute, ${L.miss.perMinute} a minute for unknown cards`);
  expect(note.zh).toContain(`每分钟 ${L.lookup.perMinute} 次`);
});
