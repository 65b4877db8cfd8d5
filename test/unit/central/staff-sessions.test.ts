/** The dashboard's sign-in limiter (central/staff/sessions.ts), on a fake clock; sessions are in the store (store-contract.test.ts). */
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../central/staff/sessions.js';

function clock(start = Date.parse('2026-03-02T08:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (s: number) => (t += s * 1000) };
}

describe('LoginLimiter', () => {
  it('locks an address out at its 5th failure within 5 minutes, until the oldest is 5 minutes old', () => {
    const c = clock();
    const limiter = new LoginLimiter(c.now);
    expect([1, 2, 3, 4].map(() => limiter.fail('10.0.0.1'))).toEqual([4, 3, 2, 1]);
    expect(limiter.waitS('10.0.0.1')).toBe(0);
    c.advance(60);
    expect(limiter.fail('10.0.0.1')).toBe(0);
    expect(limiter.waitS('10.0.0.1')).toBe(240);
    expect(limiter.waitS('10.0.0.2')).toBe(0);
    c.advance(239);
    expect(limiter.waitS('10.0.0.1')).toBe(1);
    c.advance(1);
    expect(limiter.waitS('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window, and all of them after a success', () => {
    const c = clock();
    const limiter = new LoginLimiter(c.now);
    for (let i = 0; i < 4; i++) limiter.fail('a');
    c.advance(301);
    expect(limiter.fail('a')).toBe(4);
    for (let i = 0; i < 3; i++) limiter.fail('a');
    limiter.succeed('a');
    expect(limiter.fail('a')).toBe(4);
  });
});
