import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeReceipt, formatTime, wrap } from '../../../drivers/printer/escpos/encode-receipt.js';
import { columnsOf, encodeGbk } from '../../../drivers/printer/escpos/gbk.js';
import { SAMPLE_RECEIPT } from './receipt-sample.js';

const GOLDEN = join(import.meta.dirname, 'golden');

/** Compares with golden/<name>.bin; `UPDATE_GOLDEN=1` writes it (review the diff before committing). */
function expectGolden(name: string, bytes: Uint8Array) {
  const file = join(GOLDEN, `${name}.bin`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, bytes);
  const golden = readFileSync(file);
  expect(Buffer.from(bytes).toString('hex')).toBe(golden.toString('hex'));
}

const indexOf = (hay: Uint8Array, needle: number[]) => Buffer.from(hay).indexOf(Buffer.from(needle));
const gbkText = (bytes: Uint8Array) => new TextDecoder('gbk').decode(bytes);

describe('encodeReceipt', () => {
  it('matches the 58 mm golden receipt byte for byte', () => {
    expectGolden('receipt-58mm', encodeReceipt(SAMPLE_RECEIPT));
  });

  it('matches the 80 mm golden receipt byte for byte', () => {
    expectGolden('receipt-80mm', encodeReceipt(SAMPLE_RECEIPT, { columns: 48, qrModuleSize: 8 }));
  });

  it('starts with reset and Chinese mode, ends by feeding and cutting', () => {
    const bytes = encodeReceipt(SAMPLE_RECEIPT);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]); // ESC @, FS &
    expect([...bytes.subarray(-7)]).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 66, 0]); // ESC d 4, GS V 66 0
  });

  it('prints the QR code with GS ( k: model 2, size, error correction M, store, print', () => {
    const payload = [...Buffer.from(SAMPLE_RECEIPT.qr)];
    const len = payload.length + 3;
    const qr = [
      ...[0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 67, 6],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 69, 49],
      ...[0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 49, 80, 48, ...payload],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48],
    ];
    expect(indexOf(encodeReceipt(SAMPLE_RECEIPT), qr)).toBeGreaterThan(0);
  });

  it('writes the terminal, the local time, and each document with its serial and copies, in GBK', () => {
    const text = gbkText(encodeReceipt(SAMPLE_RECEIPT));
    expect(text).toContain('终端 Terminal: lib-01 图书馆一楼\n自助区\n');
    expect(text).toContain('时间 Time: 2026-11-28 15:20:31\n'); // 07:20:31Z in China (UTC+8)
    expect(text).toContain(
      '1. 在读证明 Enrollment\n   certificate\n   流水号 Serial: DU-2026-000123\n   份数 Copies: 1\n',
    );
    expect(text).toContain(
      '2. Certificate of Enrollment\n   (English)\n   流水号 Serial: DU-2026-000124\n   份数 Copies: 2\n',
    );
    expect(text).toContain('扫码核验 Scan to verify\n');
  });

  it('prints what each document cost and the total, free as 免费, when the station knows it (issue #17)', () => {
    const paid = {
      ...SAMPLE_RECEIPT,
      documents: [
        { ...SAMPLE_RECEIPT.documents[0]!, chargedCents: 0 },
        { ...SAMPLE_RECEIPT.documents[1]!, chargedCents: 150_050 },
      ],
    };
    const text = gbkText(encodeReceipt(paid));
    expect(text).toContain('份数 Copies: 1\n   费用 Fee: 免费 free\n');
    expect(text).toContain('份数 Copies: 2\n   费用 Fee: ￥1,500.50\n');
    expect(text).toContain('合计 Total: ￥1,500.50\n');
    const free = { ...paid, documents: paid.documents.map((d) => ({ ...d, chargedCents: 0 })) };
    expect(gbkText(encodeReceipt(free))).toContain('合计 Total: 免费 free\n');
    // A document whose cost the station does not know: no fee line for it, and no total that would be wrong.
    const unknown = { ...paid, documents: [paid.documents[0]!, SAMPLE_RECEIPT.documents[1]!] };
    expect(gbkText(encodeReceipt(unknown))).not.toContain('合计');
    expect(gbkText(encodeReceipt(SAMPLE_RECEIPT))).not.toContain('费用');
  });

  it('keeps every line within the paper width', () => {
    for (const columns of [32, 42, 48]) {
      const text = gbkText(encodeReceipt(SAMPLE_RECEIPT, { columns }));
      // Lines of text only: drop the QR command line and the control bytes of the others.
      const printable = text
        .split('\n')
        .filter((l) => !l.includes('http'))
        .map((l) => [...l].filter((ch) => ch.charCodeAt(0) >= 0x20).join(''));
      for (const line of printable) expect(columnsOf(line)).toBeLessThanOrEqual(columns);
    }
  });

  it('the same receipt always gives the same bytes', () => {
    expect(encodeReceipt(SAMPLE_RECEIPT)).toEqual(encodeReceipt(structuredClone(SAMPLE_RECEIPT)));
  });

  it('refuses a receipt without documents, a QR payload too long, an invalid time', () => {
    expect(() => encodeReceipt({ ...SAMPLE_RECEIPT, documents: [] })).toThrow(/at least one document/);
    expect(() => encodeReceipt({ ...SAMPLE_RECEIPT, qr: 'x'.repeat(8000) })).toThrow(/QR payload/);
    expect(() => encodeReceipt({ ...SAMPLE_RECEIPT, qr: '' })).toThrow(/QR payload/);
    expect(() => encodeReceipt({ ...SAMPLE_RECEIPT, time: new Date('nope') })).toThrow(/not a valid date/);
  });
});

describe('receipt text helpers', () => {
  it('encodes GBK: ASCII as is, Chinese as two bytes, unknown characters as ?', () => {
    expect(encodeGbk('A1')).toEqual([0x41, 0x31]);
    expect(encodeGbk('打印')).toEqual([0xb4, 0xf2, 0xd3, 0xa1]);
    expect(gbkText(Uint8Array.from(encodeGbk('流水号：校园E站')))).toBe('流水号：校园E站');
    expect(encodeGbk('😀')).toEqual([0x3f]);
  });

  it('counts Chinese characters as two columns', () => {
    expect(columnsOf('E站')).toBe(3);
  });

  it('wraps Latin words whole and Chinese between characters', () => {
    expect(wrap('aaaa bbbb cccc', 9, '  ')).toEqual(['aaaa bbbb', '  cccc']);
    expect(wrap('在读证明在读证明', 10)).toEqual(['在读证明在', '读证明']);
    expect(wrap('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrap('', 10)).toEqual(['']);
  });

  it("formats the time in the institution's timezone", () => {
    expect(formatTime(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01 00:00:00');
    expect(formatTime(new Date('2026-12-31T16:00:00Z'), 'UTC')).toBe('2026-12-31 16:00:00');
    expect(formatTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
  });

  it("prints the receipt's own timezone over the layout's", () => {
    const text = (r: typeof SAMPLE_RECEIPT) => Buffer.from(encodeReceipt(r)).toString('latin1');
    const at = new Date('2026-12-02T23:30:00Z');
    expect(text({ ...SAMPLE_RECEIPT, time: at })).toContain('2026-12-03 07:30:00');
    expect(text({ ...SAMPLE_RECEIPT, time: at, timeZone: 'UTC' })).toContain('2026-12-02 23:30:00');
  });
});
