/**
 * Terminal state in the SQLite store: what each heartbeat says (service, backlog, health) and reading
 * it back for operators. SqliteCentralStore delegates here. Health is stored as JSON and validated
 * again when read: a row that no longer matches the contract reads as null, it never throws.
 */
import type Database from 'better-sqlite3';
import { TerminalHealth } from '../../shared/central-api.js';
import type { HeartbeatInfo, TerminalRecord, TerminalState } from './types.js';

interface TerminalRow {
  id: string;
  name: string;
  revoked_at: string | null;
  last_heartbeat: string | null;
  out_of_service: number | null;
  backlog: number | null;
  backlog_oldest_s: number | null;
  health: string | null;
  clock_offset_ms: number | null;
  software_version: string | null;
}

export function recordHeartbeat(db: Database.Database, terminalId: string, at: string, info: HeartbeatInfo): void {
  db.prepare(
    'UPDATE terminals SET last_heartbeat = ?, out_of_service = ?, backlog = ?, backlog_oldest_s = ?, health = COALESCE(?, health) WHERE id = ?',
  ).run(
    at,
    info.outOfService ? 1 : 0,
    info.backlog,
    info.backlogOldestS ?? null,
    info.health ? JSON.stringify(info.health) : null,
    terminalId,
  );
}

/** The stored health JSON, or null when there is none or it does not match `TerminalHealth`. */
export function parseHealth(json: string | null): TerminalHealth | null {
  if (json === null) return null;
  try {
    const parsed = TerminalHealth.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toState = (t: TerminalRow): TerminalState => ({
  id: t.id,
  name: t.name,
  revoked: t.revoked_at !== null,
  lastHeartbeat: t.last_heartbeat,
  outOfService: t.out_of_service === null ? null : t.out_of_service === 1,
  backlog: t.backlog,
  backlogOldestS: t.backlog_oldest_s,
  clockOffsetMs: t.clock_offset_ms,
  softwareVersion: t.software_version,
});

export function terminalState(db: Database.Database, terminalId: string): TerminalState | null {
  const row = db.prepare('SELECT * FROM terminals WHERE id = ?').get(terminalId) as TerminalRow | undefined;
  return row ? toState(row) : null;
}

export function allTerminals(db: Database.Database): TerminalRecord[] {
  const rows = db.prepare('SELECT * FROM terminals ORDER BY id').all() as TerminalRow[];
  return rows.map((row) => ({ ...toState(row), health: parseHealth(row.health) }));
}
