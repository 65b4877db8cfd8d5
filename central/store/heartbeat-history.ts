/**
 * A station's history (issue #18), for its page on the staff dashboard: what its heartbeats said, one row
 * per terminal and 5-minute slot, and on the terminal the clock offset and software version of its last
 * heartbeat (for alerts and the dashboard).
 *
 * A station sends a heartbeat every 30 s; a row per heartbeat would be 86,400 rows a month per station.
 * Charts of 30 days need far less: a slot keeps the worst of what its heartbeats said (out of service at
 * any time, the most printer errors, the lowest paper and toner) and the last clock offset. A slot without
 * a row is a time the station was not heard from: offline. Rows older than `--keep-heartbeats` days are
 * pruned (retention.ts).
 */
import { greatest, least } from '../../lib/sql/dialect.js';
import type { Sql } from '../../lib/sql/types.js';
import type { WorkingDay, WorkingDayCount } from '../domain/working-day.js';
import type { TerminalHealth } from '../../shared/central-api.js';
import type { HeartbeatInfo } from './types.js';

export const SLOT_MS = 5 * 60_000;

/** One 5-minute slot of a station's heartbeats. */
export interface HeartbeatSlot {
  /** The slot's start (ISO, UTC). */
  slot: string;
  beats: number;
  outOfService: boolean;
  printerState: string | null;
  printerErrors: number;
  paperPercent: number | null;
  tonerPercent: number | null;
  clockOffsetMs: number | null;
}

export interface StationHistory {
  slots: HeartbeatSlot[];
  /** When each document this station printed in the period was issued (ISO), oldest first. */
  printedAt: string[];
}

/** The start of the 5-minute slot a time falls in. */
export const slotOf = (ms: number): string => new Date(Math.floor(ms / SLOT_MS) * SLOT_MS).toISOString();

// IPP reports markers (toner, ink) as supplies; a paper level comes only from printers that name a tray.
const PAPER = /paper|media|tray|纸/i;
// A waste container's level rises as it fills: it is not a supply running low.
const WASTE = /waste|废/i;

function lowest(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.min(...known) : null;
}

/** The lowest paper and toner (or ink) percentages the printer reported, null when it reported none. */
export function supplyLevels(health: TerminalHealth | undefined): { paper: number | null; toner: number | null } {
  const supplies = health?.printer.supplies ?? [];
  return {
    paper: lowest(supplies.filter((s) => PAPER.test(s.name)).map((s) => s.percent)),
    toner: lowest(supplies.filter((s) => !PAPER.test(s.name) && !WASTE.test(s.name)).map((s) => s.percent)),
  };
}

/** The station's clock minus central's at receipt, in ms; null when the station sent no readable time. */
export function clockOffsetMs(terminalTime: string | undefined, at: string): number | null {
  const station = terminalTime === undefined ? NaN : Date.parse(terminalTime);
  const central = Date.parse(at);
  return Number.isNaN(station) || Number.isNaN(central) ? null : station - central;
}

/** Records one heartbeat received at `at` in its slot, and the clock offset and software version on the terminal. */
export async function recordHeartbeatHistory(
  db: Sql,
  terminalId: string,
  at: string,
  info: HeartbeatInfo,
): Promise<void> {
  const offset = clockOffsetMs(info.terminalTime, at);
  const { paper, toner } = supplyLevels(info.health);
  const errors = info.health?.printer.conditions.filter((c) => c.severity === 'error').length ?? 0;
  await db.run(
    `INSERT INTO heartbeat_history (terminal_id, slot, last_at, beats, out_of_service, printer_state, printer_errors, paper_percent, toner_percent, clock_offset_ms)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id, slot) DO UPDATE SET
       last_at = excluded.last_at, beats = heartbeat_history.beats + 1,
       out_of_service = ${greatest(db)}(heartbeat_history.out_of_service, excluded.out_of_service),
       printer_state = COALESCE(excluded.printer_state, heartbeat_history.printer_state),
       printer_errors = ${greatest(db)}(heartbeat_history.printer_errors, excluded.printer_errors),
       paper_percent = COALESCE(${least(db)}(heartbeat_history.paper_percent, excluded.paper_percent), heartbeat_history.paper_percent, excluded.paper_percent),
       toner_percent = COALESCE(${least(db)}(heartbeat_history.toner_percent, excluded.toner_percent), heartbeat_history.toner_percent, excluded.toner_percent),
       clock_offset_ms = COALESCE(excluded.clock_offset_ms, heartbeat_history.clock_offset_ms)`,
    [
      terminalId,
      slotOf(Date.parse(at)),
      at,
      info.outOfService ? 1 : 0,
      info.health?.printer.state ?? null,
      errors,
      paper,
      toner,
      offset,
    ],
  );
  // A heartbeat without a version (an older station) leaves the one stored before.
  await db.run(
    'UPDATE terminals SET clock_offset_ms = ?, software_version = COALESCE(?, software_version) WHERE id = ?',
    [offset, info.software?.version ?? null, terminalId],
  );
}

interface SlotRow {
  slot: string;
  beats: number;
  out_of_service: number;
  printer_state: string | null;
  printer_errors: number;
  paper_percent: number | null;
  toner_percent: number | null;
  clock_offset_ms: number | null;
}

/** The station's slots and printed documents from `since` (ISO) on, oldest first. */
export async function stationHistory(db: Sql, terminalId: string, since: string): Promise<StationHistory> {
  const rows = (await db.all(
    'SELECT slot, beats, out_of_service, printer_state, printer_errors, paper_percent, toner_percent, clock_offset_ms FROM heartbeat_history WHERE terminal_id = ? AND slot >= ? ORDER BY slot',
    [terminalId, since],
  )) as SlotRow[];
  const printed = (await db.all(
    "SELECT issued_at FROM documents WHERE terminal_id = ? AND status = 'printed' AND issued_at >= ? ORDER BY issued_at",
    [terminalId, since],
  )) as { issued_at: string }[];
  return {
    slots: rows.map((r) => ({
      slot: r.slot,
      beats: r.beats,
      outOfService: r.out_of_service === 1,
      printerState: r.printer_state,
      printerErrors: r.printer_errors,
      paperPercent: r.paper_percent,
      tonerPercent: r.toner_percent,
      clockOffsetMs: r.clock_offset_ms,
    })),
    printedAt: printed.map((r) => r.issued_at),
  };
}

/**
 * Per terminal, in the working hours of `day` (central/domain/working-day.ts): the 5-minute slots it was
 * online and in service, and the documents it printed. One query each for the whole fleet.
 */
export async function workingDayCounts(db: Sql, day: WorkingDay): Promise<Map<string, WorkingDayCount>> {
  const online = await db.all<{ terminal_id: string; n: number }>(
    'SELECT terminal_id, COUNT(*) AS n FROM heartbeat_history WHERE slot >= ? AND slot < ? AND out_of_service = 0 GROUP BY terminal_id',
    [day.from, day.to],
  );
  const printed = await db.all<{ terminal_id: string; n: number }>(
    "SELECT terminal_id, COUNT(*) AS n FROM documents WHERE status = 'printed' AND issued_at >= ? AND issued_at < ? GROUP BY terminal_id",
    [day.from, day.to],
  );
  const counts = new Map<string, WorkingDayCount>();
  const of = (id: string) =>
    counts.get(id) ??
    counts.set(id, { date: day.date, onlineSlots: 0, printed: 0, slotsNeeded: day.slotsNeeded }).get(id)!;
  for (const r of online) of(r.terminal_id).onlineSlots = r.n;
  for (const r of printed) of(r.terminal_id).printed = r.n;
  return counts;
}
