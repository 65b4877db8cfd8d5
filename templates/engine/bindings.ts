/**
 * `{{path.to.value|format}}` bindings. Pure functions: data in, text out. Templates never run code;
 * a binding can only read a value from the data object and apply one of the named formats below.
 */
import { rmbUpper } from './rmb.js';

export type BindingLanguage = 'zh' | 'en';

const BINDING = /\{\{\s*([A-Za-z_$][\w.$]*)\s*(?:\|\s*([a-zA-Z0-9]+))?\s*\}\}/g;
// C0/C1 control characters (except newline, which layout handles), bidi overrides and other
// invisible format characters never reach a page.
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

export function lookup(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Formats an ISO date (`2024-09-01` or a full timestamp) as 2024年9月1日 or September 1, 2024. */
export function formatDate(value: string, lang: BindingLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'zh' ? `${y}年${mo}月${d}日` : `${EN_MONTHS[mo - 1]} ${d}, ${y}`;
}

/** A term like 2023-2024-1 as 2023-2024学年第1学期 or 2023–2024, Semester 1. */
export function formatTerm(value: string, lang: BindingLanguage): string {
  const m = /^(\d{4})-(\d{4})-(\d)$/.exec(value);
  if (!m) return value;
  return lang === 'zh' ? `${m[1]}-${m[2]}学年 第${m[3]}学期` : `${m[1]}–${m[2]} Academic Year, Semester ${m[3]}`;
}

/** Removes control and invisible formatting characters; markup stays literal text. */
export function sanitizeText(s: string): string {
  return s.replace(CONTROL, '').replace(/\r\n?/g, '\n');
}

function number(value: unknown, digits: number): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n.toFixed(digits) : String(value);
}

function format(value: unknown, fmt: string | undefined, lang: BindingLanguage): string {
  if (value === undefined || value === null) return '';
  switch (fmt) {
    case 'date':
      return formatDate(String(value), lang);
    case 'term':
      return formatTerm(String(value), lang);
    case 'upper':
      return String(value).toUpperCase();
    case 'lower':
      return String(value).toLowerCase();
    case 'first':
      return [...String(value)][0] ?? '';
    case 'fixed0':
      return number(value, 0);
    case 'fixed1':
      return number(value, 1);
    case 'fixed2':
      return number(value, 2);
    case 'rmbUpper':
      return rmbUpper(value);
    default:
      return String(value);
  }
}

/** Bindings a layout may use beyond the data: page numbers, filled in once pagination is known. */
export interface PageScope {
  page: number;
  pages: number;
}

/** Replaces every binding in `text`; unknown paths become empty strings (schemas catch missing data earlier). */
export function interpolate(
  text: string,
  data: unknown,
  lang: BindingLanguage,
  scope?: Record<string, unknown>,
): string {
  // Values are sanitized, template text is trusted data from a verified bundle but cleaned all the same.
  return sanitizeText(
    text.replace(BINDING, (_, path: string, fmt: string | undefined) => {
      const v = scope && path.split('.')[0]! in scope ? lookup(scope, path) : lookup(data, path);
      return sanitizeText(format(v, fmt, lang));
    }),
  );
}

/** The data paths a text refers to, for checking a layout against its schema. */
export function bindingPaths(text: string): string[] {
  return [...text.matchAll(BINDING)].map((m) => m[1]!);
}
