/**
 * 31 days of a station's life for its page (issue #18): a heartbeat every 5 minutes with paper and toner
 * running down, one 6-hour stretch offline, 2 hours out of service, an hour of printer errors, and two
 * printed documents a day. Heartbeats go through the store with injected times (as the heartbeat route
 * records them); documents are rows as central writes them.
 */
import type { SqliteCentralStore } from '../../central/store/sqlite.js';
import type { RunningCentral } from '../../central/server.js';
import { SLOT_MS } from '../../central/store/heartbeat-history.js';
import type { TerminalHealth } from '../../shared/central-api.js';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

export const stationHealth = (paper: number, toner: number, error = false): TerminalHealth => ({
  printer: {
    state: error ? 'stopped' : 'idle',
    acceptingJobs: !error,
    conditions: error
      ? [{ keyword: 'media-jam', severity: 'error', message: { zh: '卡纸', en: 'Paper jam' } }]
      : [{ keyword: 'toner-low', severity: 'report', message: { zh: '碳粉将尽', en: 'Toner low' } }],
    supplies: [
      { name: 'Tray 1 paper', percent: paper },
      { name: 'Black toner', percent: toner },
      { name: 'Waste toner box', percent: 3 },
    ],
  },
  readers: [{ id: 'hid-1', state: 'connected' }],
  reasons: [],
  templates: [{ id: 'enrollment-zh', version: '1.4.2' }],
});

/** Where the offline and out-of-service stretches are (ms, slot-aligned). */
export interface SeededHistory {
  offlineFrom: number;
  offlineTo: number;
  outFrom: number;
  outTo: number;
  /** The hour of printer errors. */
  errorFrom: number;
}

export async function seedStationHistory(
  central: RunningCentral<SqliteCentralStore>,
  terminalId: string,
): Promise<SeededHistory> {
  const now = Date.now();
  const slot = (ms: number) => Math.floor(ms / SLOT_MS) * SLOT_MS;
  const offlineFrom = slot(now - 10 * DAY);
  const offlineTo = offlineFrom + 6 * HOUR;
  const outFrom = slot(now - 5 * DAY);
  const outTo = outFrom + 2 * HOUR;
  const errorFrom = slot(now - 3 * DAY);
  // In one transaction: the store's calls are synchronous inside, and 9,000 commits would be slow.
  const db = central.store.db;
  db.exec('BEGIN');
  for (let at = slot(now - 31 * DAY) + 1000; at < now - 60_000; at += SLOT_MS) {
    if (at >= offlineFrom && at < offlineTo) continue;
    const daysAgo = (now - at) / DAY;
    await central.store.heartbeat(terminalId, new Date(at).toISOString(), {
      terminalTime: new Date(at).toISOString(),
      outOfService: at >= outFrom && at < outTo,
      backlog: 0,
      health: stationHealth(
        Math.round(20 + daysAgo * 2),
        Math.round(30 + daysAgo),
        at >= errorFrom && at < errorFrom + HOUR,
      ),
    });
  }
  db.exec('COMMIT');
  const doc = db.prepare(
    `INSERT INTO documents (job_id, terminal_id, person_id, kind, language, copies, free_copies, charged_cents, serial, verification_code, issued_at, status)
     VALUES (?, ?, 'p', 'enrollment', 'zh', 1, 1, 0, ?, ?, ?, 'printed')`,
  );
  for (let d = 0; d < 30; d++)
    for (const minutes of [30, 90]) {
      const id = `${terminalId}-${d}-${minutes}`;
      doc.run(id, terminalId, `S-${id}`, `V-${id}`, new Date(now - d * DAY - minutes * 60_000).toISOString());
    }
  return { offlineFrom, offlineTo, outFrom, outTo, errorFrom };
}

/**
 * The alert history those 31 days leave (central/store/alert-history.ts), as central's alert rounds would
 * have recorded it: silent while offline (from 90 s in), out of service, the paper jam, and the waste
 * toner box low for the whole time, still on.
 */
export function seedAlertHistory(central: RunningCentral<SqliteCentralStore>, terminalId: string, h: SeededHistory) {
  const name = `${terminalId}`;
  const row = central.store.db.prepare(
    `INSERT INTO alert_history (alert_id, terminal_id, terminal_name, cause, severity, message, raised_at, cleared_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const add = (detail: string, cause: string, severity: string, en: string, zh: string, from: number, to: number) =>
    row.run(
      `${terminalId}:${detail}`,
      terminalId,
      name,
      cause,
      severity,
      JSON.stringify({ zh, en }),
      new Date(from).toISOString(),
      new Date(to).toISOString(),
    );
  add(
    'silent',
    'silent',
    'error',
    'No heartbeat for 1 min',
    '已 1 分钟未收到心跳',
    h.offlineFrom + 90_000,
    h.offlineTo,
  );
  add(
    'out_of_service',
    'out_of_service',
    'error',
    'The terminal is out of service',
    '终端暂停服务',
    h.outFrom,
    h.outTo,
  );
  add('printer:media-jam', 'printer', 'error', 'Paper jam', '卡纸', h.errorFrom, h.errorFrom + HOUR);
}
