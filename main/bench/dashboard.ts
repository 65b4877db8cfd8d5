/**
 * `estation bench dashboard --json`: the staff dashboard's table (issue #18) for a university's fleet.
 *
 * - dashboard.list_p50_ms / list_p95_ms          `/staff`, the table's first page, 200 stations (target p95 <= 150)
 * - dashboard.filtered_p50_ms / filtered_p95_ms  `/staff` searched, filtered by state and sorted, 200 stations
 * - dashboard.list_1000_p50_ms / list_1000_p95_ms, dashboard.filtered_1000_p50_ms / filtered_1000_p95_ms
 *                                                the same with 1,000 stations
 * - dashboard.station_page_p95_ms                one station's page with its charts, 200 stations (target <= 200)
 *
 * Each fleet is a central started in this process (its SQLite store in a temporary folder, real HTTP on
 * loopback), its stations enrolled and each sending the heartbeat of central/seed/stations.ts, and a
 * staff member signed in. A page's time is the request's round trip on loopback, so central's time to
 * read the store, compute every station's alerts and draw the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentralServer } from '../../central/server.js';
import { sendFleetHeartbeats, simulatedFleet } from '../../central/seed/stations.js';

const SAMPLES = 60;
const WARM_UP = 5;
const STAFF = { card: '9000000001', pin: '246810' };
/** A view a staff member would bookmark: one campus's stations in service, by clock offset. */
const FILTERED = 'q=ctr&state=online&sort=clock';
const TABLE = 'data-testid="stations"';
const CHARTS = 'data-testid="chart-printed"';

const round = (ms: number) => Math.round(ms * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

interface Figures {
  p50: number;
  p95: number;
}

/** The median and 95th percentile of SAMPLES loads of `url` (after WARM_UP), each checked to be the page asked for. */
async function measure(url: string, cookie: string, mustContain: string): Promise<Figures> {
  const times: number[] = [];
  for (let k = 0; k < WARM_UP + SAMPLES; k++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200 || !body.includes(mustContain))
      throw new Error(`${url} answered ${res.status} without ${mustContain}`);
    if (k >= WARM_UP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)) };
}

async function fleetFigures(count: number): Promise<{ list: Figures; filtered: Figures; station: Figures }> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-dashboard-'));
  const fleet = simulatedFleet(count);
  const central = await startCentralServer({
    dataDir: dir,
    port: 0,
    seedDemo: true,
    terminals: fleet.map((s) => ({ id: s.id, name: s.name })),
  });
  try {
    await sendFleetHeartbeats(central.url, central.tokens, fleet);
    const login = await fetch(`${central.url}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams(STAFF),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (login.status !== 303 || !cookie) throw new Error(`the demo staff member could not sign in: ${login.status}`);
    const station = fleet.find((s) => s.heartbeat)!.id;
    return {
      list: await measure(`${central.url}/staff`, cookie, TABLE),
      filtered: await measure(`${central.url}/staff?${FILTERED}`, cookie, TABLE),
      station: await measure(`${central.url}/staff/terminals/${encodeURIComponent(station)}`, cookie, CHARTS),
    };
  } finally {
    await central.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number>> {
  const small = await fleetFigures(200);
  const large = await fleetFigures(1000);
  return {
    'dashboard.list_p50_ms': small.list.p50,
    'dashboard.list_p95_ms': small.list.p95,
    'dashboard.filtered_p50_ms': small.filtered.p50,
    'dashboard.filtered_p95_ms': small.filtered.p95,
    'dashboard.station_page_p95_ms': small.station.p95,
    'dashboard.list_1000_p50_ms': large.list.p50,
    'dashboard.list_1000_p95_ms': large.list.p95,
    'dashboard.filtered_1000_p50_ms': large.filtered.p50,
    'dashboard.filtered_1000_p95_ms': large.filtered.p95,
  };
}
