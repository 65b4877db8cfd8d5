/**
 * Attack (issue #12, finding 8): 3,000 card lookups from one terminal token, mixing real cards and
 * guessed numbers; each hit used to unlock 30 minutes of that person's data. Now a terminal looks up
 * at a human rate (a small burst, then a few a minute), unknown cards have a smaller allowance, the
 * rest are answered 429 with Retry-After, and staff see an alert on that terminal. The other terminal
 * is not affected, and the allowance comes back with time, not with a restart.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKUP_LIMITS } from '../../../central/domain/lookup-limits.js';
import { useCentral } from '../central/central-fixture.js';

const central = useCentral();
const { lookup, miss } = DEFAULT_LOOKUP_LIMITS;

describe('card lookup limits (issue #12, finding 8)', () => {
  it('3,000 lookups from one token: a small burst is answered, the rest get 429 with Retry-After, and staff are alerted', async () => {
    const real = central.students.map((s) => s.card);
    const statuses: Record<number, number> = {};
    let found = 0;
    let retryAfter = 0;
    for (let i = 0; i < 3000; i++) {
      // Every other request a real card, else a guessed number: the mix an attacker with a card list sends.
      const card = i % 2 ? real[i % real.length]! : String(7_000_000_000 + i);
      const r = await central.post('/v1/cards/lookup', { card }, 'kiosk-a');
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) found++;
      if (r.status === 429) {
        expect(r.json.error).toBe('too_many_lookups');
        retryAfter = Number(r.headers.get('retry-after'));
      }
    }
    // At most a burst of lookups, and at most the miss burst of them unknown: the clock did not move.
    expect(found + (statuses[404] ?? 0)).toBeLessThanOrEqual(lookup.burst);
    expect(statuses[404]).toBeLessThanOrEqual(miss.burst);
    expect(statuses[429]).toBeGreaterThanOrEqual(3000 - lookup.burst);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 / miss.perMinute));

    // The other terminal looks up as usual.
    expect((await central.post('/v1/cards/lookup', { card: real[0] }, 'kiosk-b')).status).toBe(200);

    // Staff see it on the attacking terminal's card of the dashboard data.
    const terminals = await central.store.terminals();
    expect(terminals.find((t) => t.id === 'kiosk-a')!.securityAlerts).toEqual([
      expect.objectContaining({ cause: 'card_lookups' }),
    ]);
    expect(terminals.find((t) => t.id === 'kiosk-b')!.securityAlerts).toBeUndefined();

    // After Retry-After, a person's tap works again.
    central.advance(retryAfter * 1000);
    expect((await central.post('/v1/cards/lookup', { card: real[1] }, 'kiosk-a')).status).toBe(200);
  });

  it('a station at a human rate is never limited: a tap every 10 seconds for an hour', async () => {
    const real = central.students.map((s) => s.card);
    central.advance(3600_000);
    for (let i = 0; i < 360; i++) {
      central.advance(10_000);
      // One in ten taps is a card central does not know (a library card, a bank card).
      const card = i % 10 === 0 ? String(6_000_000_000 + i) : real[i % real.length]!;
      expect((await central.post('/v1/cards/lookup', { card }, 'kiosk-b')).status).not.toBe(429);
    }
  });
});
