/**
 * Parses the answers to DLE EOT 1-4 (real-time status). Pure.
 * Every answer byte has the fixed pattern 0xx1xx10 (bit 1 and 4 set, bit 0 and 7 clear); a byte that
 * does not is not a status answer (line noise, or a printer that does not speak DLE EOT).
 */
import type { PrinterCondition } from '../types.js';
import type { ReceiptStatus } from './types.js';

export function isStatusByte(b: number): boolean {
  return (b & 0b1001_0011) === 0b0001_0010;
}

const bit = (b: number, n: number) => (b & (1 << n)) !== 0;

const WORDS: Record<string, PrinterCondition['message']> = {
  offline: { zh: '凭条打印机离线，请联系工作人员', en: 'The receipt printer is offline. Please ask staff for help.' },
  'cover-open': { zh: '凭条打印机盖子未关好', en: 'The receipt printer cover is open.' },
  'media-empty': {
    zh: '凭条打印纸已用完，请联系工作人员',
    en: 'The receipt printer is out of paper. Please ask staff for help.',
  },
  'media-low': { zh: '凭条打印纸即将用完', en: 'The receipt printer is running low on paper.' },
  'cutter-error': {
    zh: '凭条打印机切纸刀故障，请联系工作人员',
    en: 'The receipt printer cutter is stuck. Please ask staff for help.',
  },
  'printer-error': {
    zh: '凭条打印机故障，请联系工作人员',
    en: 'The receipt printer has a fault. Please ask staff for help.',
  },
};

function condition(keyword: keyof typeof WORDS & string, severity: PrinterCondition['severity']): PrinterCondition {
  return { keyword, severity, message: WORDS[keyword]! };
}

/**
 * The receipt status from the four answers, in order DLE EOT 1, 2, 3, 4.
 * Throws RangeError when an answer is not a status byte.
 */
export function parseDleEot(answers: readonly [number, number, number, number]): ReceiptStatus {
  const bad = answers.findIndex((b) => !isStatusByte(b));
  if (bad >= 0)
    throw new RangeError(
      `Answer to DLE EOT ${bad + 1} is 0x${answers[bad]!.toString(16).padStart(2, '0')}, not a status byte.`,
    );
  const [printer, offline, error, paper] = answers;
  const conditions: PrinterCondition[] = [];
  const online = !bit(printer, 3);
  const coverOpen = bit(offline, 2);
  const paperOut = bit(offline, 5) || (bit(paper, 5) && bit(paper, 6));
  const paperLow = bit(paper, 2) && bit(paper, 3);
  if (paperOut) conditions.push(condition('media-empty', 'error'));
  if (coverOpen) conditions.push(condition('cover-open', 'error'));
  if (bit(error, 3)) conditions.push(condition('cutter-error', 'error'));
  if (bit(error, 5) || bit(error, 6) || (bit(offline, 6) && !bit(error, 3)))
    conditions.push(condition('printer-error', 'error'));
  if (!online && conditions.length === 0) conditions.push(condition('offline', 'error'));
  if (paperLow && !paperOut) conditions.push(condition('media-low', 'warning'));
  return { known: true, online, paper: paperOut ? 'out' : paperLow ? 'low' : 'ok', coverOpen, conditions };
}

/** The status of a receipt printer that could not be asked. */
export function unknownReceiptStatus(reason: 'one-way' | 'no-answer'): ReceiptStatus {
  return {
    known: false,
    online: reason === 'one-way',
    paper: 'unknown',
    coverOpen: false,
    conditions: reason === 'no-answer' ? [condition('offline', 'error')] : [],
  };
}
