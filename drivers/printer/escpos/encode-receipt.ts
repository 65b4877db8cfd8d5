/**
 * The bytes of one receipt. Pure: the same receipt and options always give the same bytes
 * (golden tests compare them byte for byte).
 *
 *   打印凭条 Print receipt          (centred, double size)
 *   终端 Terminal: lib-01 图书馆一楼
 *   时间 Time: 2026-11-28 15:20:31
 *   --------------------------------
 *   1. 在读证明 Enrollment certificate
 *      流水号 Serial: ES-2026-000123
 *      份数 Copies: 1
 *      费用 Fee: ￥3.00               (when the station knows what it cost: "免费 free" when nothing)
 *   --------------------------------
 *   合计 Total: ￥3.00                (when it knows that of every document)
 *   --------------------------------
 *            [QR code]
 *        扫码核验 Scan to verify
 */
import { align, bold, chineseMode, cut, feedLines, initialize, LF, qrCode, size } from './commands.js';
import { columnsOf, encodeGbk } from './gbk.js';
import type { Receipt } from './types.js';
import { DEFAULT_TIMEZONE, localDateTime } from '../../../shared/local-date.js';
import { yuan } from '../../../shared/yuan.js';

export interface ReceiptLayout {
  /** Characters per line: 32 for 58 mm paper, 42 or 48 for 80 mm. */
  columns: number;
  /** IANA timezone of the time line when the receipt names none (the institution's, from central, is preferred). */
  timeZone: string;
  qrModuleSize: number;
}

export const DEFAULT_LAYOUT: ReceiptLayout = { columns: 32, timeZone: DEFAULT_TIMEZONE, qrModuleSize: 6 };

export function encodeReceipt(receipt: Receipt, layout: Partial<ReceiptLayout> = {}): Uint8Array {
  const { columns, timeZone, qrModuleSize } = { ...DEFAULT_LAYOUT, ...layout };
  if (receipt.documents.length === 0) throw new RangeError('A receipt lists at least one document.');
  const out: number[] = [...initialize(), ...chineseMode()];
  const line = (text: string) => out.push(...encodeGbk(text), LF);
  const wrapped = (text: string, indent = '') => {
    for (const l of wrap(text, columns, indent)) line(l);
  };

  out.push(...align('center'), ...size(2, 2), ...bold(true));
  line('打印凭条');
  out.push(...size(1, 1), ...bold(false));
  line('Print receipt');
  out.push(...align('left'), LF);
  wrapped(`终端 Terminal: ${receipt.terminalId}${receipt.terminalName ? ` ${receipt.terminalName}` : ''}`);
  wrapped(`时间 Time: ${formatTime(receipt.time, receipt.timeZone ?? timeZone)}`);
  line('-'.repeat(columns));
  receipt.documents.forEach((doc, i) => {
    wrapped(`${i + 1}. ${doc.title}`, '   ');
    wrapped(`   流水号 Serial: ${doc.serial}`, '   ');
    wrapped(`   份数 Copies: ${doc.copies}`, '   ');
    if (doc.chargedCents !== undefined) wrapped(`   费用 Fee: ${fee(doc.chargedCents)}`, '   ');
  });
  line('-'.repeat(columns));
  const charges = receipt.documents.map((d) => d.chargedCents);
  if (charges.every((c) => c !== undefined)) {
    wrapped(`合计 Total: ${fee(charges.reduce((a, c) => a + c, 0))}`);
    line('-'.repeat(columns));
  }
  out.push(...align('center'), ...qrCode([...new TextEncoder().encode(receipt.qr)], qrModuleSize), LF);
  line('扫码核验 Scan to verify');
  out.push(...align('left'), ...feedLines(4), ...cut());
  return Uint8Array.from(out);
}

/**
 * An amount the student paid, as the receipt prints it: "￥1,234.50", or "免费 free" for nothing. The
 * full-width yuan sign: GBK has no "¥" (U+00A5), which would print as "?".
 */
export function fee(cents: number): string {
  return cents === 0 ? '免费 free' : `￥${yuan(cents)}`;
}

/** `YYYY-MM-DD HH:mm:ss` in an IANA timezone: the institution's clock, as on its documents. */
export function formatTime(time: Date, timeZone: string): string {
  if (Number.isNaN(time.getTime())) throw new RangeError('The receipt time is not a valid date.');
  return localDateTime(time, timeZone);
}

/**
 * Breaks a text into lines of at most `columns` printer columns; continuation lines get `indent`.
 * Latin words move to the next line whole when they fit there; Chinese text breaks between characters.
 */
export function wrap(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    if (columnsOf(current + ch) <= columns) {
      current += ch;
      continue;
    }
    if (ch === ' ') {
      lines.push(current.trimEnd());
      current = indent;
      continue;
    }
    const word = /(?<=\s)[!-~]+$/.exec(current);
    if (word && current.slice(0, word.index).trim() && columnsOf(indent + word[0] + ch) <= columns) {
      lines.push(current.slice(0, word.index).trimEnd());
      current = indent + word[0] + ch;
    } else {
      lines.push(current.trimEnd());
      current = indent + ch;
    }
  }
  if (current.trim() || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}
