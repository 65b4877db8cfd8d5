/** TokenCache (central/store/token-cache.ts): valid tokens kept for ttlMs, nothing kept at 0, cleared on demand. */
import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../../../central/store/token-cache.js';

const k1 = { id: 'k1', name: 'Station 1' };

describe('TokenCache', () => {
  it('keeps a terminal for ttlMs after it was found, then forgets it', () => {
    let clock = 0;
    const cache = new TokenCache(1000, () => clock);
    expect(cache.get('h1')).toBeUndefined();
    cache.set('h1', k1);
    clock = 999;
    expect(cache.get('h1')).toEqual(k1);
    clock = 1000;
    expect(cache.get('h1')).toBeUndefined();
  });

  it('keeps nothing when ttlMs is 0 (SQLite: every request asks the database)', () => {
    const cache = new TokenCache(0, () => 0);
    cache.set('h1', k1);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('forgets every token at clear() (a terminal enrolled again or revoked at this instance)', () => {
    const cache = new TokenCache(1000, () => 0);
    cache.set('h1', k1);
    cache.set('h2', { id: 'k2', name: 'Station 2' });
    cache.clear();
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')).toBeUndefined();
  });

  it('stays bounded: a flood of tokens starts it again empty rather than growing', () => {
    const cache = new TokenCache(1000, () => 0);
    for (let i = 0; i <= 10_000; i++) cache.set(`h${i}`, k1);
    expect(cache.get('h0')).toBeUndefined();
    expect(cache.get('h10000')).toEqual(k1);
  });
});
