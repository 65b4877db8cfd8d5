/** The time a kiosk puts on a document: the institution's local date first, the exact moment kept. */
import { describe, expect, it } from 'vitest';
import { documentTime, institutionTimezone } from '../../../main/core/document-date.js';

const at = '2026-12-02T23:30:00.123Z';

describe('documentTime', () => {
  it("writes the moment with the institution's offset, so its date is the local one", () => {
    const t = documentTime(at, { university: { timezone: 'Asia/Shanghai' } });
    expect(t).toBe('2026-12-03T07:30:00.123+08:00');
    expect(Date.parse(t)).toBe(Date.parse(at));
  });

  it('handles offsets west of UTC, half hours and summer time', () => {
    expect(documentTime(at, { university: { timezone: 'America/New_York' } })).toBe('2026-12-02T18:30:00.123-05:00');
    expect(documentTime(at, { university: { timezone: 'Asia/Kolkata' } })).toBe('2026-12-03T05:00:00.123+05:30');
    expect(documentTime('2026-07-01T12:00:00.000Z', { university: { timezone: 'Europe/Berlin' } })).toBe(
      '2026-07-01T14:00:00.000+02:00',
    );
    expect(documentTime(at, { university: { timezone: 'UTC' } })).toBe('2026-12-02T23:30:00.123+00:00');
  });

  it('data without a (valid) timezone, from an older central, is dated in China', () => {
    expect(institutionTimezone({})).toBe('Asia/Shanghai');
    expect(institutionTimezone({ university: { timezone: 'Mars/Olympus' } })).toBe('Asia/Shanghai');
    expect(documentTime(at, {})).toBe('2026-12-03T07:30:00.123+08:00');
  });
});
