/**
 * The `free` provider moves no money and says so; the campus-card service's fault rules happen on exactly
 * the next n calls, then at their rate.
 */
import { describe, expect, it } from 'vitest';
import { freeProvider } from '../../../central/payments/free.js';
import { Faults } from '../../../campus-card/faults.js';

describe('the free provider', () => {
  it('does not charge: no balance, every money call answers 0 for the job', async () => {
    const job = { jobId: 'j1', person: 's1', amountCents: 300 };
    expect(freeProvider.charges).toBe(false);
    expect(await freeProvider.balance('s1')).toBeNull();
    for (const [call, state] of [
      [() => freeProvider.hold(job), 'held'],
      [() => freeProvider.capture(job), 'captured'],
      [() => freeProvider.release(job), 'released'],
      [() => freeProvider.refund(job, 'why', 'staff1'), 'refunded'],
    ] as const)
      expect(await call()).toEqual({ jobId: 'j1', person: 's1', amountCents: 0, state, reference: 'free:j1' });
    expect(await freeProvider.statement('2026-12-03')).toEqual([]);
  });
});

describe('campus-card fault rules', () => {
  it('a fault set for the next n calls happens on exactly those, then at its rate', () => {
    const draws = [0.9, 0.1, 0.9];
    const faults = new Faults({ duplicate: { next: 2, rate: 0.5 } }, () => draws.shift() ?? 1);
    const seen = Array.from({ length: 5 }, () => faults.draw().has('duplicate'));
    // two certain, then 0.9 (no), 0.1 (yes), 0.9 (no)
    expect(seen).toEqual([true, true, false, true, false]);
    expect(faults.status().happened.duplicate).toBe(3);
  });

  it('new settings replace the old: a fault not named is off', () => {
    const faults = new Faults({ error5xx: { next: 5 }, slowMs: 100 });
    faults.set({ slow: { next: 1 } });
    expect(faults.status().rules.error5xx).toEqual({ next: 0, rate: 0 });
    expect(faults.status().slowMs).toBe(0);
    expect([...faults.draw()]).toEqual(['slow']);
  });

  it('refuses settings that are not faults, with the name', () => {
    expect(() => new Faults({ explode: { next: 1 } } as never)).toThrow(/explode/);
    expect(() => new Faults({ duplicate: { next: 0, rate: 2 } })).toThrow(/duplicate/);
  });
});
