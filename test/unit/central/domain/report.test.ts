/** What central does with a station's report of a job (central/domain/report.ts). */
import { describe, expect, it } from 'vitest';
import { freeCopiesBack, reportVerdict } from '../../../../central/domain/report.js';

const doc = { terminalId: 'T1', serial: 'CERT-2026-000001', copies: 2, status: 'authorized' };
const report = { serial: doc.serial, copies: 2, outcome: 'printed' as const };

describe('reportVerdict', () => {
  it('records the outcome of an authorized job reported by its terminal', () => {
    expect(reportVerdict(doc, 'T1', report)).toEqual({ verdict: 'record' });
  });
  it('rejects a job central never authorized, or another terminal’s, or one whose serial or copies differ', () => {
    expect(reportVerdict(undefined, 'T1', report)).toEqual({ verdict: 'reject', reason: 'unknown_job' });
    expect(reportVerdict(doc, 'T2', report)).toEqual({ verdict: 'reject', reason: 'other_terminal' });
    expect(reportVerdict(doc, 'T1', { ...report, serial: 'CERT-2026-000002' })).toEqual({
      verdict: 'reject',
      reason: 'serial_mismatch',
    });
    expect(reportVerdict(doc, 'T1', { ...report, copies: 3 })).toEqual({
      verdict: 'reject',
      reason: 'copies_mismatch',
    });
  });
  it('confirms the same outcome again without counting it twice, and rejects a different one', () => {
    const printed = { ...doc, status: 'printed' };
    expect(reportVerdict(printed, 'T1', report)).toEqual({ verdict: 'confirm_again' });
    expect(reportVerdict(printed, 'T1', { ...report, outcome: 'failed' })).toEqual({
      verdict: 'reject',
      reason: 'already_printed',
    });
  });
});

describe('freeCopiesBack', () => {
  it('gives every free copy back when nothing came out', () => {
    expect(freeCopiesBack('failed', 2, '2026-2027-1')).toBe(2);
    expect(freeCopiesBack('cancelled', 1, 'legacy')).toBe(1);
  });
  it('gives nothing back for a printed job, or one that counted in no term', () => {
    expect(freeCopiesBack('printed', 2, '2026-2027-1')).toBe(0);
    expect(freeCopiesBack('failed', 2, null)).toBe(0);
  });
});
