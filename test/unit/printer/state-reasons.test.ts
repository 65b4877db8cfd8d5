import { describe, expect, it } from 'vitest';
import { conditionsFromStateReasons, splitReason } from '../../../drivers/printer/ipp/state-reasons.js';

describe('splitReason', () => {
  it('separates the severity suffix from the keyword', () => {
    expect(splitReason('media-empty-error')).toEqual({ keyword: 'media-empty', severity: 'error' });
    expect(splitReason('toner-low-warning')).toEqual({ keyword: 'toner-low', severity: 'warning' });
    expect(splitReason('offline-report')).toEqual({ keyword: 'offline', severity: 'report' });
    expect(splitReason('media-jam')).toEqual({ keyword: 'media-jam', severity: null });
  });
});

describe('conditionsFromStateReasons', () => {
  it('gives nothing for none and bookkeeping reasons', () => {
    expect(conditionsFromStateReasons(['none'])).toEqual([]);
    expect(conditionsFromStateReasons(['cups-waiting-for-job-completed', ''])).toEqual([]);
  });

  it.each([
    ['media-empty-error', 'media-empty', 'error', /out of paper/],
    ['media-jam-error', 'media-jam', 'error', /jammed/],
    ['toner-low-warning', 'toner-low', 'warning', /low on toner/],
    ['marker-supply-low-warning', 'marker-supply-low', 'warning', /low on ink or toner/],
    ['cover-open-error', 'cover-open', 'error', /cover is open/],
    ['door-open-error', 'door-open', 'error', /door is open/],
    ['media-low-report', 'media-low', 'report', /low on paper/],
  ])('%s is %s with a plain message in both languages', (reason, keyword, severity, en) => {
    const [c, ...rest] = conditionsFromStateReasons([reason]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ keyword, severity });
    expect(c!.message.en).toMatch(en);
    expect(c!.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads a reason without suffix as an error (RFC 8011), except advisory ones', () => {
    expect(conditionsFromStateReasons(['media-jam'])[0]!.severity).toBe('error');
    expect(conditionsFromStateReasons(['paused'])[0]!.severity).toBe('error');
    expect(conditionsFromStateReasons(['toner-low'])[0]!.severity).toBe('warning');
    expect(conditionsFromStateReasons(['media-low'])[0]!.severity).toBe('warning');
  });

  it('takes offline as an error whatever suffix the printer gave', () => {
    expect(conditionsFromStateReasons(['offline-report'])[0]).toMatchObject({ keyword: 'offline', severity: 'error' });
    expect(conditionsFromStateReasons(['offline-warning'])[0]).toMatchObject({ keyword: 'offline', severity: 'error' });
  });

  it('orders worst first (printer order within a severity) and keeps one condition per keyword at its worst', () => {
    const list = conditionsFromStateReasons([
      'media-low-report',
      'toner-low-warning',
      'media-jam-error',
      'toner-low-error',
    ]);
    expect(list.map((c) => [c.keyword, c.severity])).toEqual([
      ['toner-low', 'error'],
      ['media-jam', 'error'],
      ['media-low', 'report'],
    ]);
  });

  it('keeps an unknown keyword with a generic message that names it', () => {
    const [c] = conditionsFromStateReasons(['com.example-fan-failure-warning']);
    expect(c).toMatchObject({ keyword: 'com.example-fan-failure', severity: 'warning' });
    expect(c!.message.en).toContain('com.example-fan-failure');
    expect(c!.message.zh).toContain('com.example-fan-failure');
  });

  it('ignores case and surrounding blanks', () => {
    expect(conditionsFromStateReasons([' Media-Empty-Error '])[0]).toMatchObject({
      keyword: 'media-empty',
      severity: 'error',
    });
  });
});
