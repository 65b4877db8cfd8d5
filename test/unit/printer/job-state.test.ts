import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../drivers/printer/ipp/ipp-request.js';
import { jobStateFromAttributes } from '../../../drivers/printer/ipp/job-state.js';
import { isTransientUnknown } from '../../../drivers/printer/types.js';
import { recorded } from './recorded.js';

const jobOf = (name: string) => jobStateFromAttributes(decodeResponse(recorded(name)).jobs[0]!);

describe('job state from recorded Get-Job-Attributes answers', () => {
  it('completed', () => {
    expect(jobOf('job-completed').state).toBe('completed');
  });

  it('processing keeps the printer reasons', () => {
    expect(jobOf('job-processing')).toEqual({ state: 'processing', reasons: ['job-printing'] });
  });

  it('an aborted job carries the printer message as its reason', () => {
    expect(jobOf('job-aborted')).toEqual({ state: 'aborted', reasons: ['E-station test backend was told to fail'] });
  });

  it('a canceled job says who canceled it', () => {
    expect(jobOf('job-canceled')).toEqual({ state: 'canceled', reasons: ['job-canceled-by-user'] });
  });
});

describe('jobStateFromAttributes', () => {
  it('an aborted job without any reason gets the meaning IPP gives the state', () => {
    expect(jobStateFromAttributes({ 'job-state': 'aborted', 'job-state-reasons': 'processing-to-stop-point' })).toEqual(
      { state: 'aborted', reasons: ['aborted-by-system'] },
    );
    expect(jobStateFromAttributes({ 'job-state': 'canceled' })).toEqual({
      state: 'canceled',
      reasons: ['canceled-by-someone'],
    });
  });

  it('a job canceled while its backend is still stopping keeps the message as its reason', () => {
    // What cupsd answers for a moment after a cancel of a printing job, before job-canceled-by-user.
    expect(
      jobStateFromAttributes({
        'job-state': 'canceled',
        'job-state-reasons': 'processing-to-stop-point',
        'job-state-message': 'Job canceled by user.',
      }),
    ).toEqual({ state: 'canceled', reasons: ['Job canceled by user.'] });
  });

  it('held and stopped jobs name the sub-state first', () => {
    expect(
      jobStateFromAttributes({ 'job-state': 'pending-held', 'job-state-reasons': 'job-hold-until-specified' }),
    ).toEqual({ state: 'pending', reasons: ['pending-held', 'job-hold-until-specified'] });
    expect(
      jobStateFromAttributes({ 'job-state': 'processing-stopped', 'job-state-reasons': ['printer-stopped'] }),
    ).toEqual({ state: 'processing', reasons: ['processing-stopped', 'printer-stopped'] });
  });

  it('a state it does not know is unknown, not a guess', () => {
    expect(jobStateFromAttributes({ 'job-state': 10 }).state).toBe('unknown');
    expect(jobStateFromAttributes({}).state).toBe('unknown');
  });
});

describe('isTransientUnknown', () => {
  it('only a printer that did not answer is worth asking again', () => {
    expect(isTransientUnknown({ state: 'unknown', reasons: ['printer-unreachable', 'ECONNREFUSED'] })).toBe(true);
    expect(isTransientUnknown({ state: 'unknown', reasons: ['job-not-found'] })).toBe(false);
    expect(isTransientUnknown({ state: 'unknown', reasons: ['job-id-reused'] })).toBe(false);
    expect(isTransientUnknown({ state: 'completed', reasons: ['printer-unreachable'] })).toBe(false);
  });
});
