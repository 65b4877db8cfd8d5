/** A document's serial (central/domain/serial.ts). */
import { describe, expect, it } from 'vitest';
import { formatSerial, serialCounter, serialYear } from '../../../../central/domain/serial.js';

describe('serials', () => {
  it('carry the year of the institution, not of UTC', () => {
    // 16:30 UTC on 31 December is 00:30 on 1 January in Beijing.
    const instant = new Date('2026-12-31T16:30:00Z');
    expect(serialYear(instant, 'Asia/Shanghai')).toBe('2027');
    expect(serialYear(instant, 'UTC')).toBe('2026');
  });
  it('are numbered per year, six digits, after the prefix', () => {
    expect(formatSerial('CERT', '2027', 42)).toBe('CERT-2027-000042');
    expect(serialCounter('2027')).not.toBe(serialCounter('2026'));
  });
  it('keep counting past six digits rather than wrap', () => {
    expect(formatSerial('CERT', '2027', 1_234_567)).toBe('CERT-2027-1234567');
  });
});
