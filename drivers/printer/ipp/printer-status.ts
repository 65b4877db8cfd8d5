/**
 * Turns a Get-Printer-Attributes answer into the kiosk's PrinterStatus. Pure.
 */
import type { PrinterCondition, PrinterStatus, SupplyLevel } from '../types.js';
import { first, list, strings, type IppAttributes } from './attributes.js';
import { conditionsFromStateReasons } from './state-reasons.js';

/** The attributes status() asks for. */
export const STATUS_ATTRIBUTES = [
  'printer-state',
  'printer-state-reasons',
  'printer-state-message',
  'printer-is-accepting-jobs',
  'marker-names',
  'marker-levels',
];

const NOT_ACCEPTING: PrinterCondition = {
  keyword: 'not-accepting-jobs',
  severity: 'error',
  message: {
    zh: '打印机暂停接收新任务，请联系工作人员',
    en: 'The printer is not taking new jobs. Please ask staff for help.',
  },
};

const STOPPED: PrinterCondition = {
  keyword: 'printer-stopped',
  severity: 'error',
  message: { zh: '打印机已停止工作，请联系工作人员', en: 'The printer has stopped. Please ask staff for help.' },
};

/** The status of a printer that could not be asked (gone, refused the connection, timed out). */
export function unreachableStatus(): PrinterStatus {
  return {
    state: 'stopped',
    acceptingJobs: false,
    conditions: [
      {
        keyword: 'offline',
        severity: 'error',
        message: { zh: '打印机无响应，请联系工作人员', en: 'The printer does not respond. Please ask staff for help.' },
      },
    ],
    supplies: [],
  };
}

export function statusFromPrinterAttributes(attrs: IppAttributes): PrinterStatus {
  const rawState = first(attrs['printer-state']);
  // Enums arrive as keywords; an unknown number is treated as stopped rather than guessed ready.
  const state: PrinterStatus['state'] =
    rawState === 'idle' || rawState === 3
      ? 'idle'
      : rawState === 'processing' || rawState === 4
        ? 'processing'
        : 'stopped';
  const acceptingJobs = first(attrs['printer-is-accepting-jobs']) === true;
  const conditions = conditionsFromStateReasons(strings(attrs['printer-state-reasons']));
  if (!acceptingJobs) conditions.unshift(NOT_ACCEPTING);
  if (state === 'stopped' && !conditions.some((c) => c.severity === 'error')) conditions.unshift(STOPPED);
  // Staff who pause or close a queue can give a reason (cupsdisable -r "..."); show it with ours.
  const note = first(attrs['printer-state-message']);
  if (typeof note === 'string' && note.trim() && (state === 'stopped' || !acceptingJobs)) {
    const i = conditions.findIndex(
      (c) => c.keyword === 'paused' || c.keyword === 'not-accepting-jobs' || c.keyword === 'printer-stopped',
    );
    if (i >= 0) {
      const c = conditions[i]!;
      conditions[i] = {
        ...c,
        message: { zh: `${c.message.zh}（${note.trim()}）`, en: `${c.message.en} (${note.trim()})` },
      };
    }
  }
  return { state, acceptingJobs, conditions, supplies: suppliesFrom(attrs) };
}

/** marker-levels: 0-100, or -1 (not available), -2 (unknown), -3 (some left, level unknown). */
function suppliesFrom(attrs: IppAttributes): SupplyLevel[] {
  const names = strings(attrs['marker-names']);
  const levels = list(attrs['marker-levels']);
  return names.map((name, i) => {
    const level = levels[i];
    return { name, percent: typeof level === 'number' && level >= 0 && level <= 100 ? level : null };
  });
}
