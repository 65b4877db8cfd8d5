import { afterEach, describe, expect, it } from 'vitest';
import { JobStatus } from '../../../shared/jobs.js';
import {
  BEFORE_PAPER,
  canTransition,
  FINAL_STATES,
  IllegalTransitionError,
  OPEN_STATES,
  TRANSITIONS,
} from '../../../main/core/job-state.js';
import type { JobStore } from '../../../main/core/job-store.js';
import { newJob, PATH_TO, tempStore } from './temp-db.js';

const ALL = JobStatus.options;
const LEGAL: [string, string][] = [
  ['requested', 'authorized'],
  ['requested', 'failed'],
  ['requested', 'cancelled'],
  ['authorized', 'rendered'],
  ['authorized', 'failed'],
  ['authorized', 'cancelled'],
  ['rendered', 'submitted'],
  ['rendered', 'failed'],
  ['rendered', 'cancelled'],
  ['submitted', 'printed'],
  ['submitted', 'failed'],
  ['submitted', 'needs_attention'],
  ['printed', 'reported'],
  ['printed', 'needs_attention'],
  ['reported', 'confirmed'],
  ['reported', 'needs_attention'],
  ['needs_attention', 'printed'],
  ['needs_attention', 'cancelled'],
];
const isLegal = (from: string, to: string) => LEGAL.some(([f, t]) => f === from && t === to);

describe('job state machine (pure)', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of ALL)
      for (const to of ALL) expect(canTransition(from, to), `${from} -> ${to}`).toBe(isLegal(from, to));
    expect(Object.values(TRANSITIONS).flat()).toHaveLength(LEGAL.length);
  });

  it('never leaves paper states for pre-paper states (no automatic reprint)', () => {
    for (const from of ['submitted', 'printed', 'reported', 'confirmed', 'needs_attention'] as const) {
      for (const to of BEFORE_PAPER) expect(canTransition(from, to)).toBe(false);
      expect(canTransition(from, 'submitted')).toBe(false);
    }
  });

  it('partitions statuses into open and final', () => {
    expect([...OPEN_STATES, ...FINAL_STATES].sort()).toEqual([...ALL].sort());
    for (const s of ['confirmed', 'failed', 'cancelled'] as const) expect(TRANSITIONS[s]).toEqual([]);
  });
});

describe('job state machine on the stored job', () => {
  let t: ReturnType<typeof tempStore>;
  afterEach(() => t?.cleanup());

  const jobIn = (store: JobStore, status: string) => {
    const { job } = store.create(newJob());
    for (const step of PATH_TO[status as JobStatus]) store.transition(job.id, step);
    return store.get(job.id);
  };

  it('commits every legal transition with its audit event', () => {
    t = tempStore();
    for (const [from, to] of LEGAL) {
      const job = jobIn(t.store, from);
      const before = t.store.events(job.id).length;
      const after = t.store.transition(job.id, to as JobStatus, `test ${from}->${to}`);
      expect(after.status).toBe(to);
      const events = t.store.events(job.id);
      expect(events).toHaveLength(before + 1);
      expect(events.at(-1)).toMatchObject({ from_status: from, to_status: to, detail: `test ${from}->${to}` });
    }
  });

  it('rejects every illegal transition with IllegalTransitionError and changes nothing', () => {
    t = tempStore();
    for (const from of ALL) {
      const job = jobIn(t.store, from);
      const events = t.store.events(job.id);
      for (const to of ALL) {
        if (isLegal(from, to)) continue;
        expect(
          () => t.store.transition(job.id, to, 'nope', { last_error: 'should not be written' }),
          `${from} -> ${to}`,
        ).toThrow(IllegalTransitionError);
        expect(t.store.get(job.id)).toEqual(job);
        expect(t.store.events(job.id)).toEqual(events);
      }
    }
  });

  it('rolls back a whole batch when one step in it is illegal', () => {
    t = tempStore();
    const a = jobIn(t.store, 'printed');
    const b = jobIn(t.store, 'confirmed');
    expect(() =>
      t.store.transitionMany([
        { id: a.id, to: 'reported' },
        { id: b.id, to: 'reported' },
      ]),
    ).toThrow(IllegalTransitionError);
    expect(t.store.get(a.id).status).toBe('printed');
  });
});
