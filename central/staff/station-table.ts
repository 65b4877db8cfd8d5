/**
 * Which stations the dashboard's table shows (issue #18), for a university's hundreds: the search and
 * filters, the order of the sortable columns, and pages of PAGE_SIZE rows, all chosen from the query
 * string (station-query.ts) on the server; station-table-html.ts draws it. Pure functions of the overview.
 */
import type { TerminalOverview } from '../../shared/central-api.js';
import type { LocalizedText } from '../../shared/domain.js';
import { covers } from '../domain/staff-scope.js';
import { compareVersions } from '../../shared/semver.js';
import { supplyLevels } from '../store/heartbeat-history.js';
import type { SortKey, StationQuery } from './station-query.js';
import { STATION_STATE_IDS, stationState, type StationState } from './station-states.js';

/** Rows per page: a page stays quick to render and to read; search and filters find the rest. */
export const PAGE_SIZE = 100;

const collator = new Intl.Collator('zh-CN', { numeric: true });
const stateRank = (t: TerminalOverview) => STATION_STATE_IDS.indexOf(stationState(t));
const errors = (t: TerminalOverview) => t.alerts.filter((a) => a.severity === 'error').length;
export const paperAndToner = (t: TerminalOverview) => supplyLevels(t.health ?? undefined);
const lowestSupply = (t: TerminalOverview): number | null => {
  const { paper, toner } = paperAndToner(t);
  return paper === null ? toner : toner === null ? paper : Math.min(paper, toner);
};
const heard = (t: TerminalOverview) => (t.lastHeartbeat === null ? null : Date.parse(t.lastHeartbeat) || null);

/** Compares two stations in a direction (1 ascending, -1 descending). */
type Compare = (a: TerminalOverview, b: TerminalOverview, sign: 1 | -1) => number;
/** By a value, null when the station did not say: those go last whichever way the column is sorted. */
const by =
  <T>(value: (t: TerminalOverview) => T | null, cmp: (a: T, b: T) => number): Compare =>
  (a, b, sign) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * cmp(va, vb);
  };
/** By a value every station has. */
const always =
  (cmp: (a: TerminalOverview, b: TerminalOverview) => number): Compare =>
  (a, b, sign) =>
    sign * cmp(a, b);
const num = (a: number, b: number) => a - b;

/**
 * Every column: its heading, and for a sortable one its order and the direction a first click sorts in
 * (the one that brings what needs a person to the top: most alerts, biggest backlog, lowest supply...).
 */
export const COLUMNS: { key: SortKey; head: LocalizedText; compare: Compare; first: 'asc' | 'desc' }[] = [
  {
    key: 'name',
    head: { zh: '终端', en: 'Station' },
    compare: always((a, b) => collator.compare(a.name, b.name)),
    first: 'asc',
  },
  { key: 'id', head: { zh: '编号', en: 'ID' }, compare: always((a, b) => collator.compare(a.id, b.id)), first: 'asc' },
  {
    key: 'state',
    head: { zh: '状态', en: 'State' },
    compare: always((a, b) => stateRank(a) - stateRank(b) || errors(b) - errors(a)),
    first: 'asc',
  },
  { key: 'heartbeat', head: { zh: '最近心跳', en: 'Last heartbeat' }, compare: by(heard, num), first: 'asc' },
  { key: 'backlog', head: { zh: '报告积压', en: 'Backlog' }, compare: by((t) => t.backlog, num), first: 'desc' },
  { key: 'supplies', head: { zh: '纸张/碳粉', en: 'Paper/toner' }, compare: by(lowestSupply, num), first: 'asc' },
  {
    key: 'alerts',
    head: { zh: '告警', en: 'Alerts' },
    compare: always((a, b) => errors(a) - errors(b) || a.alerts.length - b.alerts.length),
    first: 'desc',
  },
  {
    key: 'version',
    head: { zh: '软件版本', en: 'Software' },
    compare: by((t) => t.softwareVersion ?? null, compareVersions),
    first: 'asc',
  },
  {
    key: 'clock',
    head: { zh: '时钟偏差', en: 'Clock offset' },
    compare: by((t) => (t.clockOffsetMs == null ? null : Math.abs(t.clockOffsetMs)), num),
    first: 'desc',
  },
];

export interface StationView {
  /** The rows of this page, in order. */
  rows: TerminalOverview[];
  /** Stations matching the search and filters (all pages). */
  matched: number;
  page: number;
  pages: number;
  /** Every station's state, counted over the whole fleet (not the filtered view). */
  counts: Record<StationState, number>;
  /** The software versions stations said, newest first, for the version filter. */
  versions: string[];
  /** The sites stations stand at, and every site above them (a campus), in order, for the site filter. */
  sites: string[];
}

export function selectStations(terminals: readonly TerminalOverview[], query: StationQuery): StationView {
  const counts = Object.fromEntries(STATION_STATE_IDS.map((s) => [s, 0])) as Record<StationState, number>;
  const versions = new Set<string>();
  const sites = new Set<string>();
  for (const t of terminals) {
    counts[stationState(t)] += 1;
    if (t.softwareVersion) versions.add(t.softwareVersion);
    const parts = t.site?.split('/') ?? [];
    for (let i = 1; i <= parts.length; i++) sites.add(parts.slice(0, i).join('/'));
  }
  const needle = query.q?.toLowerCase();
  const matched = terminals.filter(
    (t) =>
      (!needle || t.id.toLowerCase().includes(needle) || t.name.toLowerCase().includes(needle)) &&
      (!query.state || stationState(t) === query.state) &&
      (!query.alert || t.alerts.some((a) => a.cause === query.alert)) &&
      (!query.version || t.softwareVersion === query.version) &&
      (!query.site || (t.site != null && covers(query.site, t.site))),
  );
  // Without a sort the overview's order stands: errors first, then warnings, then the rest, by id (overview.ts).
  const column = query.sort && COLUMNS.find((c) => c.key === query.sort);
  if (column) {
    const sign = (query.dir ?? column.first) === 'asc' ? 1 : -1;
    matched.sort((a, b) => column.compare(a, b, sign) || collator.compare(a.id, b.id));
  }
  const pages = Math.max(1, Math.ceil(matched.length / PAGE_SIZE));
  const page = Math.min(query.page ?? 1, pages);
  return {
    rows: matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    matched: matched.length,
    page,
    pages,
    counts,
    versions: [...versions].sort((a, b) => compareVersions(b, a)),
    sites: [...sites].sort(),
  };
}
