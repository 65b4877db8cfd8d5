/**
 * What central remembers of single sign-ons, on a clock the test moves: a mark of a sign-in started at
 * the dashboard is good once and for 10 minutes; a presented ticket is refused again for an hour.
 */
import { describe, expect, it } from 'vitest';
import { SignInStarts, START_TTL_S } from '../../../central/staff/cas-starts.js';
import { UsedTickets } from '../../../central/staff/cas-tickets.js';

const clock = () => {
  let t = Date.parse('2026-12-03T08:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('SignInStarts', () => {
  it('takes a mark once, within 10 minutes, and no made-up or missing one', () => {
    const c = clock();
    const starts = new SignInStarts(c.now);
    const a = starts.start();
    const b = starts.start();
    expect(a).not.toBe(b);
    expect(starts.take(a)).toBe(true);
    expect(starts.take(a)).toBe(false);
    c.advance(START_TTL_S * 1000);
    expect(starts.take(b)).toBe(false);
    expect(starts.take('made-up')).toBe(false);
    expect(starts.take(null)).toBe(false);
    const fresh = starts.start();
    c.advance(START_TTL_S * 1000 - 1);
    expect(starts.take(fresh)).toBe(true);
  });
});

describe('UsedTickets', () => {
  it('refuses a ticket seen within the hour, and forgets it after', () => {
    const c = clock();
    const used = new UsedTickets(c.now);
    expect(used.firstUse('ST-1-a')).toBe(true);
    expect(used.firstUse('ST-2-a')).toBe(true);
    c.advance(59 * 60_000);
    expect(used.firstUse('ST-1-a')).toBe(false);
    c.advance(2 * 60_000);
    expect(used.firstUse('ST-1-a')).toBe(true);
  });
});
