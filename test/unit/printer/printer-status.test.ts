import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../drivers/printer/ipp/ipp-request.js';
import { statusFromPrinterAttributes, unreachableStatus } from '../../../drivers/printer/ipp/printer-status.js';
import { isReady } from '../../../drivers/printer/types.js';
import { recorded } from './recorded.js';

const statusOf = (name: string) => statusFromPrinterAttributes(decodeResponse(recorded(name)).printer);

describe('status from recorded Get-Printer-Attributes answers', () => {
  it('an idle CUPS queue is ready with no conditions', () => {
    const s = statusOf('printer-idle');
    expect(s).toEqual({ state: 'idle', acceptingJobs: true, conditions: [], supplies: [] });
    expect(isReady(s)).toBe(true);
  });

  it.each([
    ['printer-media-empty-error', 'media-empty', /out of paper/],
    ['printer-media-jam-error', 'media-jam', /jammed/],
    ['printer-cover-open-error', 'cover-open', /cover/],
    ['printer-door-open-error', 'door-open', /door/],
    ['printer-offline-report', 'offline', /offline/],
  ])('%s stops the kiosk from taking a job and says why', (fixture, keyword, en) => {
    const s = statusOf(fixture);
    expect(isReady(s)).toBe(false);
    const worst = s.conditions.find((c) => c.severity === 'error');
    expect(worst?.keyword).toBe(keyword);
    expect(worst?.message.en).toMatch(en);
  });

  it.each([
    ['printer-toner-low-warning', 'toner-low'],
    ['printer-marker-supply-low-warning', 'marker-supply-low'],
  ])('%s warns staff but still prints', (fixture, keyword) => {
    const s = statusOf(fixture);
    expect(s.conditions).toMatchObject([{ keyword, severity: 'warning' }]);
    expect(isReady(s)).toBe(true);
  });

  it('several reasons at once come worst first', () => {
    const s = statusOf('printer-media-low-report+toner-empty-error');
    expect(s.conditions.map((c) => `${c.keyword}/${c.severity}`)).toEqual(['toner-empty/error', 'media-low/report']);
    expect(isReady(s)).toBe(false);
  });

  it('reads supply levels; a level the printer does not know is null', () => {
    expect(statusOf('printer-markers').supplies).toEqual([
      { name: 'Black', percent: 4 },
      { name: 'Cyan', percent: 80 },
      { name: 'Waste', percent: null },
    ]);
  });

  it('a disabled queue (cupsdisable) is stopped and shows the reason staff gave', () => {
    const s = statusOf('printer-disabled');
    expect(s.state).toBe('stopped');
    expect(s.conditions[0]).toMatchObject({ keyword: 'paused', severity: 'error' });
    expect(s.conditions[0]!.message.en).toContain('Paper jam, waiting for staff');
    expect(isReady(s)).toBe(false);
  });

  it('a queue rejecting jobs (cupsreject) is not accepting, with the reason staff gave', () => {
    const s = statusOf('printer-rejecting');
    expect(s.acceptingJobs).toBe(false);
    expect(s.conditions[0]).toMatchObject({ keyword: 'not-accepting-jobs', severity: 'error' });
    expect(s.conditions[0]!.message.en).toContain('Maintenance');
    expect(isReady(s)).toBe(false);
  });

  it('an unknown printer-state is taken as stopped, never as ready', () => {
    const s = statusFromPrinterAttributes({
      'printer-state': 'warming',
      'printer-is-accepting-jobs': true,
      'printer-state-reasons': 'none',
    });
    expect(s.state).toBe('stopped');
    expect(s.conditions[0]!.keyword).toBe('printer-stopped');
    expect(isReady(s)).toBe(false);
  });

  it('missing printer-is-accepting-jobs counts as not accepting', () => {
    expect(statusFromPrinterAttributes({ 'printer-state': 'idle' }).acceptingJobs).toBe(false);
  });

  it('an unreachable printer is stopped and offline', () => {
    const s = unreachableStatus();
    expect(s.state).toBe('stopped');
    expect(s.conditions[0]).toMatchObject({ keyword: 'offline', severity: 'error' });
    expect(isReady(s)).toBe(false);
  });
});
