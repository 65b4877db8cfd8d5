import { describe, expect, it } from 'vitest';
import { isStatusByte, parseDleEot, unknownReceiptStatus } from '../../../drivers/printer/escpos/dle-eot.js';

// Answer bytes per the ESC/POS reference: fixed bits 0b0xx1xx10, i.e. 0x12 with nothing set.
const OK = [0x12, 0x12, 0x12, 0x12] as const;

describe('parseDleEot', () => {
  it('all clear: online, paper ok, no conditions', () => {
    expect(parseDleEot(OK)).toEqual({ known: true, online: true, paper: 'ok', coverOpen: false, conditions: [] });
  });

  it('paper end from the roll sensor (DLE EOT 4, bits 5 and 6) is an error', () => {
    const s = parseDleEot([0x1a, 0x32, 0x12, 0x72]);
    expect(s.paper).toBe('out');
    expect(s.online).toBe(false);
    expect(s.conditions.map((c) => `${c.keyword}/${c.severity}`)).toEqual(['media-empty/error']);
    expect(s.conditions[0]!.message.zh).toContain('凭条打印纸');
  });

  it('paper near end (DLE EOT 4, bits 2 and 3) is a warning', () => {
    const s = parseDleEot([0x12, 0x12, 0x12, 0x1e]);
    expect(s.paper).toBe('low');
    expect(s.conditions).toMatchObject([{ keyword: 'media-low', severity: 'warning' }]);
  });

  it('cover open (DLE EOT 2, bit 2)', () => {
    const s = parseDleEot([0x1a, 0x16, 0x12, 0x12]);
    expect(s.coverOpen).toBe(true);
    expect(s.conditions).toMatchObject([{ keyword: 'cover-open', severity: 'error' }]);
  });

  it('cutter error (DLE EOT 3, bit 3) and unrecoverable error (bit 5)', () => {
    expect(parseDleEot([0x1a, 0x52, 0x1a, 0x12]).conditions.map((c) => c.keyword)).toEqual(['cutter-error']);
    expect(parseDleEot([0x1a, 0x52, 0x32, 0x12]).conditions.map((c) => c.keyword)).toEqual(['printer-error']);
  });

  it('offline without a named cause is reported offline', () => {
    expect(parseDleEot([0x1a, 0x12, 0x12, 0x12]).conditions).toMatchObject([{ keyword: 'offline', severity: 'error' }]);
  });

  it('a byte that is not a status answer is refused', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0x93)).toBe(false);
    expect(() => parseDleEot([0x12, 0x12, 0x41, 0x12])).toThrow(/DLE EOT 3 is 0x41/);
  });
});

describe('unknownReceiptStatus', () => {
  it('a one-way link says nothing rather than guessing', () => {
    expect(unknownReceiptStatus('one-way')).toMatchObject({ known: false, paper: 'unknown', conditions: [] });
  });
  it('a printer that does not answer is offline', () => {
    expect(unknownReceiptStatus('no-answer')).toMatchObject({
      known: false,
      online: false,
      conditions: [{ keyword: 'offline', severity: 'error' }],
    });
  });
});
