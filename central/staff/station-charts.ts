/**
 * A station's 30 days as data for its page (issue #18), and those data drawn as SVG on the server: no
 * script and no canvas, so the page works under the dashboard's CSP (no scripts at all). Every chart has
 * a <title> and <desc> and the page shows the same numbers as a table (station-page.ts).
 *
 * Time runs left to right over whole days in the institution's timezone; scales are linear and computed
 * from the data (a bar chart's top is the next "nice" number above its largest value).
 */
import { localDate, localDateTime } from '../../shared/local-date.js';
import { SLOT_MS, type StationHistory } from '../store/heartbeat-history.js';
import { esc } from './html.js';

export const HISTORY_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const QUARTER_MS = 15 * 60_000;

export type SlotState = 'serving' | 'out_of_service' | 'offline';

/** A stretch of time in one state (ISO start inclusive, end exclusive). */
export interface Period {
  state: SlotState;
  from: number;
  to: number;
}

export interface DayRow {
  /** `YYYY-MM-DD` in the institution's timezone. */
  day: string;
  /** The first slot of the day within the 30 days (ms). */
  startMs: number;
  printed: number;
  /** Minutes with at least one printer error (5-minute slots). */
  errorMinutes: number;
  /** Lowest paper and toner that day, null when the printer reported none. */
  paper: number | null;
  toner: number | null;
  /** Minutes heard from (in service or not). */
  onlineMinutes: number;
}

export interface StationSeries {
  from: number;
  to: number;
  periods: Period[];
  days: DayRow[];
  /** Lowest paper and toner per hour (start ms), for the level chart. */
  levels: { at: number; paper: number | null; toner: number | null }[];
}

const minOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/**
 * The series the page draws, for the 30 days ending at `now`: periods of service, out of service and
 * offline (no heartbeat in a slot), and per day the documents printed, printer errors and supply levels.
 */
export function stationSeries(history: StationHistory, now: Date, timeZone: string): StationSeries {
  const to = Math.floor(now.getTime() / SLOT_MS) * SLOT_MS + SLOT_MS;
  const from = to - HISTORY_DAYS * DAY_MS;
  const bySlot = new Map(history.slots.map((s) => [Date.parse(s.slot), s]));
  const days = new Map<string, DayRow>();
  const dayOf = (ms: number, day = localDate(new Date(ms), timeZone)) => {
    let row = days.get(day);
    if (!row) {
      row = { day, startMs: ms, printed: 0, errorMinutes: 0, paper: null, toner: null, onlineMinutes: 0 };
      days.set(day, row);
    }
    return row;
  };
  const periods: Period[] = [];
  const hours = new Map<number, { at: number; paper: number | null; toner: number | null }>();
  let today = '';
  for (let at = from; at < to; at += SLOT_MS) {
    // Every timezone's midnight falls on a quarter hour: the date needs working out only there.
    if (at === from || at % QUARTER_MS === 0) today = localDate(new Date(at), timeZone);
    const s = bySlot.get(at);
    const state: SlotState = !s ? 'offline' : s.outOfService ? 'out_of_service' : 'serving';
    const last = periods.at(-1);
    if (last && last.state === state) last.to = at + SLOT_MS;
    else periods.push({ state, from: at, to: at + SLOT_MS });
    const day = dayOf(at, today);
    if (!s) continue;
    day.onlineMinutes += SLOT_MS / 60_000;
    if (s.printerErrors > 0) day.errorMinutes += SLOT_MS / 60_000;
    day.paper = minOrNull(day.paper, s.paperPercent);
    day.toner = minOrNull(day.toner, s.tonerPercent);
    const hour = Math.floor(at / 3600_000) * 3600_000;
    const h = hours.get(hour) ?? { at: hour, paper: null, toner: null };
    h.paper = minOrNull(h.paper, s.paperPercent);
    h.toner = minOrNull(h.toner, s.tonerPercent);
    hours.set(hour, h);
  }
  for (const iso of history.printedAt) {
    const ms = Date.parse(iso);
    if (ms >= from && ms < to) dayOf(ms).printed++;
  }
  return { from, to, periods, days: [...days.values()], levels: [...hours.values()] };
}

// --- drawing -------------------------------------------------------------------------------------------

const W = 920;
const H = 190;
const M = { left: 64, right: 12, top: 12, bottom: 28 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const COLORS = {
  serving: '#2e7d32',
  out_of_service: '#e0a100',
  offline: '#9aa5b1',
  paper: '#0b5cad',
  toner: '#7b1fa2',
};

/** The smallest of 1, 2, 5 × 10ⁿ at or above `v` (at least 1): a bar chart's top. */
export function niceMax(v: number): number {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((n) => n >= v)!;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function frame(id: string, title: string, desc: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" data-testid="${id}" font-size="11" font-family="inherit">
<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>${body}</svg>`;
}

/** Horizontal grid lines and their labels for a y scale from 0 to `max`. */
function yAxis(max: number, unit: string): string {
  return [0, 0.5, 1]
    .map((f) => {
      const y = r1(M.top + PLOT_H * (1 - f));
      return `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#d5dbe3"/><text x="${M.left - 6}" y="${y + 4}" text-anchor="end" fill="#4f5b6b">${esc(`${r1(max * f)}${unit}`)}</text>`;
    })
    .join('');
}

/** Date labels under the plot: every 7th day, `MM-DD`. */
function xLabels(days: string[], x: (i: number) => number): string {
  return days
    .map((d, i) =>
      i % 7 === 0
        ? `<text x="${r1(x(i))}" y="${H - 8}" text-anchor="middle" fill="#4f5b6b">${esc(d.slice(5))}</text>`
        : '',
    )
    .join('');
}

/** One bar per day. */
export function barChart(id: string, title: string, desc: string, days: string[], values: number[], unit = ''): string {
  const max = niceMax(Math.max(0, ...values));
  const step = PLOT_W / Math.max(1, days.length);
  const x = (i: number) => M.left + step * (i + 0.5);
  const bars = values
    .map((v, i) => {
      const h = (v / max) * PLOT_H;
      return v > 0
        ? `<rect x="${r1(M.left + step * i + step * 0.15)}" y="${r1(M.top + PLOT_H - h)}" width="${r1(step * 0.7)}" height="${r1(h)}" fill="#0b5cad"><title>${esc(`${days[i]}: ${v}${unit}`)}</title></rect>`
        : '';
    })
    .join('');
  return frame(id, title, desc, yAxis(max, unit) + bars + xLabels(days, x));
}

/** The time scale of the state strip and the level chart: ms to x. */
const timeX = (s: StationSeries) => (ms: number) => M.left + ((ms - s.from) / (s.to - s.from)) * PLOT_W;

/** Day starts (the institution's midnight) as x labels, every 7th. */
function timeLabels(s: StationSeries): string {
  const x = timeX(s);
  return s.days
    .map((d, i) =>
      i % 7 === 0
        ? `<text x="${r1(x(d.startMs))}" y="${H - 8}" text-anchor="middle" fill="#4f5b6b">${esc(d.day.slice(5))}</text>`
        : '',
    )
    .join('');
}

const STATE_TEXT: Record<SlotState, string> = {
  serving: '正常服务 In service',
  out_of_service: '暂停服务 Out of service',
  offline: '离线 Offline',
};

/** Online and offline periods as one coloured band, with a legend. */
export function stateStrip(id: string, title: string, desc: string, s: StationSeries, timeZone: string): string {
  const x = timeX(s);
  const top = M.top + 30;
  const height = PLOT_H - 60;
  const rects = s.periods
    .map(
      (p) =>
        `<rect x="${r1(x(p.from))}" y="${top}" width="${Math.max(0.5, r1(x(p.to) - x(p.from)))}" height="${height}" fill="${COLORS[p.state]}"><title>${esc(`${STATE_TEXT[p.state]}: ${localDateTime(new Date(p.from), timeZone)} – ${localDateTime(new Date(p.to), timeZone)}`)}</title></rect>`,
    )
    .join('');
  const legend = (Object.keys(STATE_TEXT) as SlotState[])
    .map(
      (k, i) =>
        `<rect x="${M.left + i * 190}" y="${M.top}" width="12" height="12" fill="${COLORS[k]}"/><text x="${M.left + i * 190 + 17}" y="${M.top + 10}" fill="#1c2430">${esc(STATE_TEXT[k])}</text>`,
    )
    .join('');
  return frame(id, title, desc, legend + rects + timeLabels(s));
}

/** Paper and toner (lowest per hour) as lines from 0 to 100 %, broken where nothing was reported. */
export function levelChart(id: string, title: string, desc: string, s: StationSeries): string {
  const x = timeX(s);
  const y = (p: number) => M.top + PLOT_H * (1 - p / 100);
  const line = (key: 'paper' | 'toner') => {
    const segments: string[][] = [[]];
    let prev: number | null = null;
    for (const l of s.levels) {
      const v = l[key];
      // A gap of more than an hour (offline, or not reported) breaks the line.
      if (v === null || (prev !== null && l.at - prev > 3600_000)) segments.push([]);
      if (v !== null) segments.at(-1)!.push(`${r1(x(l.at))},${r1(y(v))}`);
      prev = v === null ? null : l.at;
    }
    return segments
      .filter((seg) => seg.length > 0)
      .map((seg) =>
        seg.length === 1
          ? `<circle cx="${seg[0]!.split(',')[0]}" cy="${seg[0]!.split(',')[1]}" r="1.5" fill="${COLORS[key]}"/>`
          : `<polyline points="${seg.join(' ')}" fill="none" stroke="${COLORS[key]}" stroke-width="1.6"/>`,
      )
      .join('');
  };
  const legend = (['paper', 'toner'] as const)
    .map(
      (k, i) =>
        `<line x1="${W - M.right - 260 + i * 130}" x2="${W - M.right - 244 + i * 130}" y1="${M.top + 6}" y2="${M.top + 6}" stroke="${COLORS[k]}" stroke-width="3"/><text x="${W - M.right - 239 + i * 130}" y="${M.top + 10}" fill="#1c2430">${k === 'paper' ? '纸张 Paper' : '碳粉 Toner'}</text>`,
    )
    .join('');
  return frame(id, title, desc, yAxis(100, '%') + line('paper') + line('toner') + legend + timeLabels(s));
}
