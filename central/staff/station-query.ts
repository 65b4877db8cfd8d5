/**
 * The dashboard's query string (`/staff?q=lib&state=offline&alert=printer&version=1.4.0&sort=clock&dir=desc&page=2`):
 * search, filters, sort and page live in the address, so the page is a plain GET form that works without
 * JavaScript, and a filtered view can be bookmarked or sent to a colleague. Each value is checked; one
 * that is not understood is named back to the reader (never dropped without a word).
 */
import { z } from 'zod';
import type { LocalizedText } from '../../shared/domain.js';
import { ALERT_CAUSES } from '../alert-kinds.js';
import { STATION_STATE_IDS } from './station-states.js';
import { SITE_PATTERN } from '../domain/staff-scope.js';

/** Columns the table can be sorted by (station-table.ts gives each its label and order). */
export const SORT_KEYS = [
  'state',
  'id',
  'name',
  'heartbeat',
  'backlog',
  'supplies',
  'alerts',
  'version',
  'clock',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** A GET form sends an empty field for "all": the same as no filter. */
const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blank, schema.optional());

export const StationQuery = z
  .object({
    /** `off` pauses the page's self-reload, for readers who need longer than 15 s (WCAG 2.2.1). */
    refresh: optional(z.enum(['on', 'off'])),
    /** Part of a station's id or name, any case. */
    q: optional(z.string().trim().max(64)),
    state: optional(z.enum(STATION_STATE_IDS)),
    alert: optional(z.enum(ALERT_CAUSES)),
    version: optional(z.string().max(128)),
    /** A site and every site below it (`qianfoshan` takes `qianfoshan/library`). */
    site: optional(z.string().regex(SITE_PATTERN)),
    sort: optional(z.enum(SORT_KEYS)),
    dir: optional(z.enum(['asc', 'desc'])),
    page: optional(z.coerce.number().int().min(1).max(100_000)),
  })
  .strict();
export type StationQuery = z.infer<typeof StationQuery>;

const FIELD_NAMES: Record<string, LocalizedText> = {
  q: { zh: '搜索', en: 'search' },
  state: { zh: '状态', en: 'state' },
  alert: { zh: '告警类型', en: 'alert kind' },
  version: { zh: '软件版本', en: 'software version' },
  site: { zh: '站点', en: 'site' },
  sort: { zh: '排序', en: 'sort' },
  dir: { zh: '排序方向', en: 'sort direction' },
  page: { zh: '页码', en: 'page' },
  refresh: { zh: '自动刷新', en: 'auto-refresh' },
};

/**
 * The query, or what was wrong with it: each field named in words (an unknown parameter by its own name,
 * at most 40 characters of it), and what the page does instead.
 */
export function parseStationQuery(
  raw: unknown,
): { ok: true; query: StationQuery } | { ok: false; message: LocalizedText } {
  const parsed = StationQuery.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  const names = new Set<string>();
  for (const issue of parsed.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? '')];
    for (const k of keys) names.add(k);
  }
  const list = [...names].map((k) => FIELD_NAMES[k] ?? { zh: k.slice(0, 40), en: k.slice(0, 40) });
  return {
    ok: false,
    message: {
      zh: `无法识别的筛选条件：${list.map((n) => n.zh).join('、')}。下面显示全部终端，请重新选择筛选条件。`,
      en: `Not understood in the address: ${list.map((n) => n.en).join(', ')}. All stations are shown below; choose the filters again.`,
    },
  };
}

/** The address of the dashboard with `query` changed by `change` (undefined removes a field); defaults are left out. */
export function stationQueryHref(
  query: StationQuery,
  change: Partial<Record<keyof StationQuery, string | number | undefined>> = {},
): string {
  const merged: Record<string, string | number | undefined> = { ...query, ...change };
  const params = new URLSearchParams();
  for (const key of Object.keys(StationQuery.shape)) {
    const v = merged[key];
    if (v === undefined || v === '' || (key === 'page' && v === 1) || (key === 'refresh' && v === 'on')) continue;
    params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `/staff?${s}` : '/staff';
}
