/**
 * Maps IPP `printer-state-reasons` keywords (RFC 8011 §5.4.12, PWG 5100.9) to conditions that a student
 * or staff member understands, in Chinese and English. Pure: the same keywords always give the same list.
 *
 * A keyword may carry a severity suffix (`-report`, `-warning`, `-error`); see ADVISORY for keywords
 * without one. An error condition means the kiosk must not take a job (see isReady()).
 * `offline` is an error whatever its suffix: CUPS backends send `offline-report` while they keep
 * retrying a printer that does not answer, and a student would wait for paper that never comes.
 */
import type { ConditionSeverity, PrinterCondition } from '../types.js';

type Words = { zh: string; en: string };

/** Plain words per keyword; anything not listed still gets a generic message with the keyword. */
const MESSAGES: Record<string, Words> = {
  'media-empty': {
    zh: '打印机缺纸，请联系工作人员加纸',
    en: 'The printer is out of paper. Please ask staff to add paper.',
  },
  'media-needed': {
    zh: '打印机需要加纸，请联系工作人员',
    en: 'The printer needs paper. Please ask staff to add paper.',
  },
  'media-low': { zh: '打印纸即将用完', en: 'The printer is running low on paper.' },
  'media-jam': {
    zh: '打印机卡纸，请联系工作人员处理',
    en: 'Paper is jammed in the printer. Please ask staff for help.',
  },
  'input-tray-missing': {
    zh: '打印机纸盒未装好，请联系工作人员',
    en: 'A paper tray is missing. Please ask staff for help.',
  },
  'output-area-full': {
    zh: '出纸口已满，请取走纸张',
    en: 'The output tray is full. Please take the printed paper out.',
  },
  'output-area-almost-full': { zh: '出纸口快满了', en: 'The output tray is almost full.' },
  'output-tray-missing': {
    zh: '打印机出纸盘未装好，请联系工作人员',
    en: 'The output tray is missing. Please ask staff for help.',
  },
  'toner-empty': {
    zh: '打印机墨粉已用完，请联系工作人员',
    en: 'The printer is out of toner. Please ask staff for help.',
  },
  'toner-low': { zh: '打印机墨粉不足', en: 'The printer is running low on toner.' },
  'marker-supply-empty': {
    zh: '打印机墨水或墨粉已用完，请联系工作人员',
    en: 'The printer is out of ink or toner. Please ask staff for help.',
  },
  'marker-supply-low': { zh: '打印机墨水或墨粉不足', en: 'The printer is running low on ink or toner.' },
  'marker-waste-full': {
    zh: '打印机废粉盒已满，请联系工作人员',
    en: 'The printer waste container is full. Please ask staff for help.',
  },
  'marker-waste-almost-full': { zh: '打印机废粉盒快满了', en: 'The printer waste container is almost full.' },
  'developer-empty': {
    zh: '打印机显影剂已用完，请联系工作人员',
    en: 'The printer is out of developer. Please ask staff for help.',
  },
  'developer-low': { zh: '打印机显影剂不足', en: 'The printer is running low on developer.' },
  'opc-life-over': {
    zh: '打印机硒鼓寿命已到，请联系工作人员',
    en: 'The printer drum needs replacing. Please ask staff for help.',
  },
  'opc-near-eol': { zh: '打印机硒鼓即将到期', en: 'The printer drum will need replacing soon.' },
  'fuser-over-temp': { zh: '打印机过热，请稍后再试', en: 'The printer is too hot. Please try again later.' },
  'fuser-under-temp': { zh: '打印机正在预热，请稍候', en: 'The printer is warming up. Please wait.' },
  'cover-open': { zh: '打印机盖板未关好，请联系工作人员', en: 'A printer cover is open. Please ask staff for help.' },
  'door-open': { zh: '打印机舱门未关好，请联系工作人员', en: 'A printer door is open. Please ask staff for help.' },
  'interlock-open': {
    zh: '打印机舱门未关好，请联系工作人员',
    en: 'A printer door is open. Please ask staff for help.',
  },
  offline: { zh: '打印机离线，请联系工作人员', en: 'The printer is offline. Please ask staff for help.' },
  'connecting-to-device': { zh: '正在连接打印机，请稍候', en: 'Connecting to the printer. Please wait.' },
  'timed-out': { zh: '打印机没有响应，请联系工作人员', en: 'The printer does not respond. Please ask staff for help.' },
  shutdown: { zh: '打印机已关机，请联系工作人员', en: 'The printer is switched off. Please ask staff for help.' },
  paused: { zh: '打印机已被暂停，请联系工作人员', en: 'The printer has been paused. Please ask staff for help.' },
  'moving-to-paused': {
    zh: '打印机正在暂停，请联系工作人员',
    en: 'The printer is pausing. Please ask staff for help.',
  },
  'stopped-partly': { zh: '打印机部分功能停止', en: 'Part of the printer has stopped.' },
  stopping: { zh: '打印机正在停止', en: 'The printer is stopping.' },
  'spool-area-full': {
    zh: '打印服务器存储空间已满，请联系工作人员',
    en: 'The print server is out of space. Please ask staff for help.',
  },
  'cups-missing-filter': {
    zh: '打印服务器缺少转换程序，请联系工作人员',
    en: 'The print server cannot convert documents. Please ask staff for help.',
  },
  'cups-insecure-filter': {
    zh: '打印服务器的转换程序不安全，请联系工作人员',
    en: 'The print server has an unsafe converter. Please ask staff for help.',
  },
  other: { zh: '打印机出现问题，请联系工作人员', en: 'The printer has a problem. Please ask staff for help.' },
};

/**
 * RFC 8011 (5.4.12) says a reason without suffix is an error. Reasons that only announce a future
 * problem are taken as warnings instead, so that "toner low" from a printer that omits the suffix does
 * not take the kiosk out of service while it can still print.
 */
const ADVISORY = new Set([
  'media-low',
  'toner-low',
  'marker-supply-low',
  'marker-waste-almost-full',
  'developer-low',
  'opc-near-eol',
  'output-area-almost-full',
  'fuser-under-temp',
  'connecting-to-device',
  'stopped-partly',
]);

/** Reasons that carry no news for anyone (CUPS and IPP Everywhere bookkeeping). */
const IGNORED = new Set([
  'none',
  'cups-waiting-for-job-completed',
  'cups-remote-pending',
  'cups-remote-pending-held',
  'cups-remote-processing',
  'cups-remote-stopped',
  'cups-remote-canceled',
  'cups-remote-aborted',
  'cups-remote-completed',
]);

const SUFFIX = /-(report|warning|error)$/;
const RANK: Record<ConditionSeverity, number> = { error: 0, warning: 1, report: 2 };

/** Splits `media-empty-error` into keyword and severity. */
export function splitReason(reason: string): { keyword: string; severity: ConditionSeverity | null } {
  const m = SUFFIX.exec(reason);
  return m
    ? { keyword: reason.slice(0, m.index), severity: m[1] as ConditionSeverity }
    : { keyword: reason, severity: null };
}

/**
 * Conditions for a `printer-state-reasons` value, worst first (error, warning, report), one per keyword.
 * Unknown keywords are kept with a generic message, so staff still see the keyword.
 */
export function conditionsFromStateReasons(reasons: readonly string[]): PrinterCondition[] {
  const byKeyword = new Map<string, PrinterCondition>();
  for (const raw of reasons) {
    const reason = raw.trim().toLowerCase();
    if (!reason || IGNORED.has(reason)) continue;
    const { keyword, severity: given } = splitReason(reason);
    const severity: ConditionSeverity =
      keyword === 'offline' ? 'error' : (given ?? (ADVISORY.has(keyword) ? 'warning' : 'error'));
    const message = MESSAGES[keyword] ?? {
      zh: `打印机报告状态“${keyword}”，请联系工作人员`,
      en: `The printer reports "${keyword}". Please ask staff for help.`,
    };
    const seen = byKeyword.get(keyword);
    if (!seen || RANK[severity] < RANK[seen.severity]) byKeyword.set(keyword, { keyword, severity, message });
  }
  return [...byKeyword.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
