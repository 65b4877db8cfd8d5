/**
 * The dashboard table's pure parts: a station's one state (station-states.ts), the query string both
 * ways (station-query.ts) and the choice of rows (station-table.ts): filters, sorts with stations that
 * said nothing last in either direction, counts over the whole fleet, pages.
 */
import { describe, expect, it } from 'vitest';
import { parseStationQuery, stationQueryHref } from '../../../central/staff/station-query.js';
import { STATION_STATE_IDS, stationState } from '../../../central/staff/station-states.js';
import { PAGE_SIZE, selectStations } from '../../../central/staff/station-table.js';
import type { Alert, TerminalOverview } from '../../../shared/central-api.js';

const warning: Alert = { id: 'x:supply', severity: 'warning', cause: 'supply', message: { zh: '低', en: 'low' } };

function station(id: string, over: Partial<TerminalOverview> = {}): TerminalOverview {
  return {
    id,
    name: `Station ${id}`,
    revoked: false,
    lastHeartbeat: '2026-03-02T10:00:00.000Z',
    silent: false,
    outOfService: false,
    backlog: 0,
    backlogOldestS: null,
    health: null,
    clockOffsetMs: 0,
    softwareVersion: '1.0.0',
    alerts: [],
    ...over,
  };
}

describe('stationState', () => {
  it('is the first that applies: revoked, offline, out of service, needs attention, in service', () => {
    const all = { revoked: true, silent: true, outOfService: true, alerts: [warning] };
    expect(stationState(all)).toBe('revoked');
    expect(stationState({ ...all, revoked: false })).toBe('offline');
    expect(stationState({ ...all, revoked: false, silent: false })).toBe('out_of_service');
    expect(stationState({ ...all, revoked: false, silent: false, outOfService: false })).toBe('attention');
    expect(stationState({ revoked: false, silent: false, outOfService: null, alerts: [] })).toBe('online');
  });
});

describe('the query string', () => {
  it('reads every field, an empty one as "all"', () => {
    expect(
      parseStationQuery({
        q: ' lib ',
        state: 'offline',
        alert: 'clock',
        version: '',
        sort: 'id',
        dir: 'desc',
        page: '3',
      }),
    ).toEqual({ ok: true, query: { q: 'lib', state: 'offline', alert: 'clock', sort: 'id', dir: 'desc', page: 3 } });
  });

  it('names what it did not understand, in both languages', () => {
    const r = parseStationQuery({ state: 'asleep', page: '-1', extra: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.en).toBe(
        'Not understood in the address: state, page, extra. All stations are shown below; choose the filters again.',
      );
      expect(r.message.zh).toContain('状态、页码');
    }
  });

  it('writes an address without the defaults, and changes one field', () => {
    expect(stationQueryHref({})).toBe('/staff');
    expect(stationQueryHref({ page: 1, refresh: 'on' })).toBe('/staff');
    expect(stationQueryHref({ q: 'a&b', sort: 'id', page: 2 }, { page: undefined, dir: 'asc' })).toBe(
      '/staff?q=a%26b&sort=id&dir=asc',
    );
  });
});

describe('selectStations', () => {
  const fleet = [
    station('a', { softwareVersion: '1.10.0', backlog: 5 }),
    station('b', { softwareVersion: null, backlog: null, clockOffsetMs: null }),
    station('c', { softwareVersion: '1.9.0', alerts: [warning], clockOffsetMs: -90_000 }),
    station('d', { silent: true, lastHeartbeat: null, softwareVersion: '1.9.0' }),
  ];

  it('counts every state over the whole fleet, whatever the filter', () => {
    const view = selectStations(fleet, { state: 'online' });
    expect(view.rows.map((t) => t.id)).toEqual(['a', 'b']);
    expect(view.counts).toEqual({ offline: 1, out_of_service: 0, attention: 1, online: 2, revoked: 0 });
    expect(Object.keys(view.counts)).toEqual(STATION_STATE_IDS);
    expect(view.versions).toEqual(['1.10.0', '1.9.0']);
  });

  it('sorts both ways, stations that did not say a value last either way', () => {
    const ids = (q: Parameters<typeof selectStations>[1]) => selectStations(fleet, q).rows.map((t) => t.id);
    expect(ids({ sort: 'version', dir: 'asc' })).toEqual(['c', 'd', 'a', 'b']);
    expect(ids({ sort: 'version', dir: 'desc' })).toEqual(['a', 'c', 'd', 'b']);
    expect(ids({ sort: 'backlog' })).toEqual(['a', 'c', 'd', 'b']);
    expect(ids({ sort: 'backlog', dir: 'asc' })).toEqual(['c', 'd', 'a', 'b']);
    expect(ids({ sort: 'clock' })).toEqual(['c', 'a', 'd', 'b']);
    expect(ids({ sort: 'heartbeat', dir: 'desc' })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('cuts pages of PAGE_SIZE and shows the last page for a page past the end', () => {
    const many = Array.from({ length: PAGE_SIZE * 2 + 1 }, (_, i) => station(`s${String(i).padStart(3, '0')}`));
    const last = selectStations(many, { sort: 'id', page: 50 });
    expect([last.page, last.pages, last.matched]).toEqual([3, 3, PAGE_SIZE * 2 + 1]);
    expect(last.rows.map((t) => t.id)).toEqual([`s${PAGE_SIZE * 2}`]);
    expect(selectStations([], {})).toMatchObject({ rows: [], page: 1, pages: 1, matched: 0 });
  });
});
