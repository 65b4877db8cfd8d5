/**
 * Terminal state in the SQLite store: what each heartbeat says (service, backlog, health) and reading
 * it back for operators. SqliteCentralStore delegates here. Health is stored as JSON and validated
 * again when read: a row that no longer matches the contract reads as null, it never throws.
 */
import type { Sql } from '../../lib/sql/types.js';
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
  site: string | null;
}

export async function recordHeartbeat(db: Sql, terminalId: string, at: string, info: HeartbeatInfo): Promise<void> {
  await db.run(
    'UPDATE terminals SET last_heartbeat = ?, out_of_service = ?, backlog = ?, backlog_oldest_s = ?, health = COALESCE(?, health) WHERE id = ?',
    [
      at,
      info.outOfService ? 1 : 0,
      info.backlog,
      info.backlogOldestS ?? null,
      info.health ? JSON.stringify(info.health) : null,
      terminalId,
    ],
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
  site: t.site,
});

export async function terminalState(db: Sql, terminalId: string): Promise<TerminalState | null> {
  const row = (await db.get('SELECT * FROM terminals WHERE id = ?', [terminalId])) as TerminalRow | undefined;
  return row ? toState(row) : null;
}

export async function allTerminals(db: Sql): Promise<TerminalRecord[]> {
  const rows = (await db.all('SELECT * FROM terminals ORDER BY id')) as TerminalRow[];
  return rows.map((row) => ({ ...toState(row), health: parseHealth(row.health) }));
}
