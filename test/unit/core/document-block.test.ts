/**
 * The `document` block the station adds (the same for preview and print), the purpose a job keeps
 * across a restart, and the preview's masking of sensitive figures.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PURPOSE } from '../../../shared/domain.js';
import { documentBlock } from '../../../main/core/document-block.js';
import { jobPurpose } from '../../../main/core/job-store.js';
import { MASK, maskSensitive } from '../../../main/core/session/preview.js';

const beijing = { university: { timezone: 'Asia/Shanghai' } };

describe('documentBlock', () => {
  it('prints the purpose picked, in both languages, dated in the institution timezone', () => {
    const block = documentBlock(
      {
        serial: 'SDU-2026-000001',
        verificationCode: 'T7K2-ABCD',
        requestedAt: '2026-12-02T23:30:00.000Z',
        purpose: { id: 'study-abroad', zh: '出国留学', en: 'Study abroad' },
      },
      beijing,
    );
    expect(block).toEqual({
      serial: 'SDU-2026-000001',
      verificationCode: 'T7K2-ABCD',
      issuedAt: '2026-12-03T07:30:00.000+08:00',
      purpose: '出国留学',
      purposeEn: 'Study abroad',
    });
  });

  it('prints the general purpose when none was picked', () => {
    const block = documentBlock(
      { serial: 'S', verificationCode: 'V', requestedAt: new Date(0), purpose: undefined },
      {},
    );
    expect([block.purpose, block.purposeEn]).toEqual([DEFAULT_PURPOSE.zh, DEFAULT_PURPOSE.en]);
  });
});

describe('jobPurpose', () => {
  it('reads the purpose a job was created with, and none for a job without one', () => {
    const p = { id: 'job', zh: '求职', en: 'Job application' };
    expect(jobPurpose({ id: 'j1', purpose: JSON.stringify(p) })).toEqual(p);
    expect(jobPurpose({ id: 'j2', purpose: null })).toBeUndefined();
  });

  it('refuses a stored purpose it cannot read rather than print another one', () => {
    expect(() => jobPurpose({ id: 'j3', purpose: '{"id":"job"' })).toThrow(/job j3: its stored purpose cannot be read/);
    expect(() => jobPurpose({ id: 'j4', purpose: '{"id":"Job!","zh":"x","en":"y"}' })).toThrow(/j4/);
  });
});

describe('maskSensitive', () => {
  it('hides the sensitive figures that are present and leaves the data it was given unchanged', () => {
    const data = {
      income: { annualGross: '186,000.00', monthlyAverage: '15,500.00', year: 2025 },
      teacher: { name: '王芳' },
    };
    const shown = maskSensitive(data, [
      'income.annualGross',
      'income.monthlyAverage',
      'income.missing',
      'nothing.here',
    ]);
    expect(shown.masked).toBe(true);
    expect(shown.data).toEqual({
      income: { annualGross: MASK, monthlyAverage: MASK, year: 2025 },
      teacher: { name: '王芳' },
    });
    expect(data.income.annualGross).toBe('186,000.00');
  });

  it('says nothing was masked when no sensitive path is in the data', () => {
    expect(maskSensitive({ student: { name: '李明' } }, ['income.annualGross'])).toEqual({
      data: { student: { name: '李明' } },
      masked: false,
    });
  });
});
