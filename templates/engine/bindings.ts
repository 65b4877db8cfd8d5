/**
 * `{{path.to.value|format}}` bindings. Pure functions: data in, text out. Templates never run code;
 * a binding can only read a value from the data object and apply one of the named formats below.
 */
export type BindingLanguage = 'zh' | 'en';

const BINDING = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|\s*([a-zA-Z]+))?\s*\}\}/g;
// C0/C1 control characters (except tab/newline, which layout handles) never reach a page.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function lookup(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Formats an ISO date (`2024-09-01` or a full timestamp) as 2024年9月1日 or September 1, 2024. */
export function formatDate(value: string, lang: BindingLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'zh' ? `${y}年${mo}月${d}日` : `${EN_MONTHS[mo - 1]} ${d}, ${y}`;
}

export function sanitizeText(s: string): string {
  return s.replace(CONTROL, '');
}

function format(value: unknown, fmt: string | undefined, lang: BindingLanguage): string {
  if (value === undefined || value === null) return '';
  if (fmt === 'date') return formatDate(String(value), lang);
  if (fmt === 'upper') return String(value).toUpperCase();
  if (fmt === 'fixed1' && typeof value === 'number') return value.toFixed(1);
  if (fmt === 'fixed2' && typeof value === 'number') return value.toFixed(2);
  return String(value);
}

/** Replaces every binding in `text`; unknown paths become empty strings (schemas catch missing data earlier). */
export function interpolate(text: string, data: unknown, lang: BindingLanguage): string {
  return sanitizeText(text.replace(BINDING, (_, path: string, fmt: string | undefined) => format(lookup(data, path), fmt, lang)));
}

/** The data paths a text refers to, for checking a layout against its schema. */
export function bindingPaths(text: string): string[] {
  return [...text.matchAll(BINDING)].map((m) => m[1]!);
}
