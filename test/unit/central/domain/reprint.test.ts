/** Whether a staff reprint is allowed, and why not (central/domain/reprint.ts; issue #12, finding 7). */
import { describe, expect, it } from 'vitest';
import { reprintQuota, reprintRefusal, type ReprintOriginal } from '../../../../central/domain/reprint.js';

const original: ReprintOriginal = {
  terminalId: 'T1',
  personId: 'S1',
  kind: 'enrollment',
  language: 'zh',
  copies: 1,
  status: 'failed',
  reprintOf: null,
  reprintedAs: null,
};
const ask = { terminalId: 'T1', personId: 'S1', kind: 'enrollment', language: 'zh', copies: 1 };

describe('reprintRefusal', () => {
  it('allows the same document again, on its terminal, of an original that did not come out', () => {
    expect(reprintRefusal(original, ask)).toBeNull();
  });
  it('refuses an original central never authorized', () => {
    expect(reprintRefusal(undefined, ask)).toBe('central never authorized the original');
  });
  it('refuses from another terminal', () => {
    expect(reprintRefusal(original, { ...ask, terminalId: 'T2' })).toMatch(/another terminal/);
  });
  it('refuses another person, kind or number of copies', () => {
    for (const other of [{ personId: 'S2' }, { kind: 'transcript' }, { copies: 2 }])
      expect(reprintRefusal(original, { ...ask, ...other })).toMatch(/another person, document or number of copies/);
  });
  it('refuses another language', () => {
    expect(reprintRefusal(original, { ...ask, language: 'en' })).toMatch(
      /in zh; a reprint is in the original's language/,
    );
  });
  it('refuses a reprint of a reprint (a chain of free serials)', () => {
    expect(reprintRefusal({ ...original, reprintOf: 'J0' }, ask)).toMatch(/itself a reprint of J0/);
  });
  it('refuses an original that was printed, or already reprinted', () => {
    expect(reprintRefusal({ ...original, status: 'printed' }, ask)).toBe('the original was printed');
    expect(reprintRefusal({ ...original, reprintedAs: 'J9' }, ask)).toMatch(/already reprinted as J9/);
  });
});

describe('reprintQuota', () => {
  it('moves the free copies of an original still authorized, and reserves them again otherwise', () => {
    expect(reprintQuota('authorized')).toBe('move');
    expect(reprintQuota('failed')).toBe('reserve_again');
    expect(reprintQuota('cancelled')).toBe('reserve_again');
  });
});
