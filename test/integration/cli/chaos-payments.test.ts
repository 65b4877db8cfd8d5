/**
 * `estation chaos payments` in CI, reduced (issue #17): 12 paid prints through a real station, central and
 * campus-card service (all processes), the service's faults on, the station and central SIGKILLed at
 * seeded random moments. Paper, central's ledger and the card statement must agree: every printed copy
 * charged once, nothing charged that did not print, no hold left open. The full run is N = 500
 * (docs/payments.md).
 */
import { describe, expect, it } from 'vitest';
import { runEstation } from '../../helpers/run-estation.js';

describe('estation chaos payments', () => {
  it('charges every printed copy exactly once and nothing else, through kills and card-service faults', async () => {
    const { code, out, err } = await runEstation(['chaos', 'payments', '--jobs', '12', '--seed', '7', '--json']);
    expect(err).toMatch(/seed 7/);
    expect(JSON.parse(out.trim())).toEqual({
      jobs: 12,
      printed: expect.any(Number),
      charged_twice: 0,
      printed_not_charged: 0,
      charged_not_printed: 0,
      holds_left: 0,
      ledger_matches_provider: true,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.trim()).printed).toBeGreaterThan(0);
    // The run did meet what it claims to survive: kills of both processes and the card service's faults.
    const [, station, central] = /station killed (\d+)×, central (\d+)×/.exec(err) ?? [];
    expect(Number(station) + Number(central)).toBeGreaterThan(0);
    const faults = JSON.parse(/faults that happened: (\{.*\})/.exec(err)![1]!) as Record<string, number>;
    expect(faults.loseAfterCommit! + faults.duplicate! + faults.error5xx!).toBeGreaterThan(0);
  }, 300_000);

  it('says what to give when --jobs is missing', async () => {
    const r = await runEstation(['chaos', 'payments']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--jobs N/);
  });
});
