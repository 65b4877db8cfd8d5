import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Sequence } from '../../../main/core/ids.js';
import { backoffDelay } from '../../../main/core/queue/backoff.js';

describe('backoff with full jitter', () => {
  it('draws from [0, base * 2^attempt]', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(0);
    expect(backoffDelay(0, 1000, 60_000, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, 1000, 60_000, () => 0.999999)).toBe(8000);
  });

  it('is capped, however many attempts failed', () => {
    for (const attempt of [6, 10, 40, 1000]) expect(backoffDelay(attempt, 1000, 60_000, () => 0.999999)).toBe(60_000);
  });

  it('spreads retries of many kiosks over the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, 1000, 60_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16_000);
    expect(delays.filter((d) => d < 8000).length).toBeGreaterThan(600);
    expect(delays.filter((d) => d >= 8000).length).toBeGreaterThan(600);
  });
});

describe('uuidv7 job ids', () => {
  it('are RFC 9562 version 7 and sort by creation time', () => {
    const a = uuidv7(Date.parse('2026-01-01T00:00:00Z'));
    const b = uuidv7(Date.parse('2026-01-01T00:00:00.001Z'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('from a sequence strictly increase, within one millisecond and when the clock steps back', () => {
    const next = uuidv7Sequence();
    const t = Date.parse('2026-01-01T00:00:00Z');
    const ids = [...Array.from({ length: 5000 }, () => next(t)), next(t - 1000), next(t + 1), next(t + 1)];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `id ${i}`).toBe(true);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The timestamp stays the real one until the counter runs out (at least 2048 ids per millisecond).
    expect(parseInt(ids[2047]!.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
  });

  it('do not collide', () => {
    const now = Date.now();
    expect(new Set(Array.from({ length: 5000 }, () => uuidv7(now))).size).toBe(5000);
  });
});
