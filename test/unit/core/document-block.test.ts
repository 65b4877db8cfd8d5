/**
 * The `document` block the station adds (the same for preview and print), the purpose a job keeps
 * across a restart, and the preview's masking of sensitive figures.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PURPOSE } from '../../../shared/domain.js';
import { documentBlock } from '../../../main/core/document-block.js';
import { jobPurpose } from '../../../main/core/job-store.js';
import { MASK, maskSensitive } from '../../../main/core/session/preview.js';
import { qrBase, verifyBaseOf } from '../../../main/core/verify-address.js';

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

  it('says until when the document vouches, counted in local days from the local issue date', () => {
    const facts = { serial: 'S', verificationCode: 'V', requestedAt: '2026-12-02T23:30:00.000Z', purpose: undefined };
    // 07:30 on 3 December in Beijing: 180 days later is 1 June 2027 (not counted from 2 December UTC).
    expect(documentBlock({ ...facts, validDays: 180 }, beijing).validUntil).toBe('2027-06-01');
    expect(documentBlock(facts, beijing)).not.toHaveProperty('validUntil');
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

describe('the QR code address', () => {
  const profile = { university: { verificationUrl: 'https://verify.sdu.edu.cn/verify' } };

  it("is the institution's verification page, unless the station sets its own", () => {
    expect(verifyBaseOf(profile)).toBe('https://verify.sdu.edu.cn');
    expect(verifyBaseOf({ university: { verificationUrl: 'https://check.sdu.edu.cn/docs/' } })).toBe(
      'https://check.sdu.edu.cn/docs',
    );
    expect(qrBase(undefined, 'http://central:8080', profile)).toBe('https://verify.sdu.edu.cn');
    expect(qrBase('https://campus-b.example', 'http://central:8080', profile)).toBe('https://campus-b.example');
  });

  it("falls back on central's address when central sends no usable one", () => {
    expect(qrBase(undefined, 'http://central:8080', {})).toBe('http://central:8080');
    expect(qrBase(undefined, 'http://central:8080', { university: { verificationUrl: 'javascript:alert(1)' } })).toBe(
      'http://central:8080',
    );
  });
});
