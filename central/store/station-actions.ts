/**
 * Remote actions in central's database (issue #18; migration "station_actions"): staff ask, the station's
 * heartbeat answer carries the action until the station answers for its id, the answer is kept once.
 *
 * - An action waits (`pending`) until the station's next heartbeat, which carries it (`delivered`); it is
 *   carried again with every heartbeat until the station answers, so a lost heartbeat answer loses nothing.
 *   The station runs each id once (main/core/station/remote-actions.ts) and answers again for a repeat.
 * - A pending action whose time is up is `expired` and never carried: a station offline for long does not
 *   surprise anyone with an old action. A delivered one waits for its answer (the station has it).
 * - The first answer for an id is its outcome; a later one changes nothing (`already`).
 * - A screenshot is kept until `screenshot_until` (a day) and then removed from the row, which says so.
 * Expiry and that pruning happen whenever actions are read or carried: no timer is needed (an expired
 * action is never carried, whether or not its row says `expired` yet).
 */
import type { Sql } from '../../lib/sql/types.js';
import type { AuditOutcome } from '../domain/audit-actions.js';
import { appendAudit, type AuditEvent } from './audit.js';
import {
  FINISHED_STATES,
  type ActionResultRequest,
  type ActionState,
  type StationActionName,
} from '../../shared/station-actions.js';

/** How long an action waits for an offline station by default. */
export const DEFAULT_ACTION_EXPIRY_MS = 10 * 60_000;
/** At most this long (a day): an older action is no longer what anyone meant. */
export const MAX_ACTION_EXPIRY_MS = 24 * 3600_000;
/** A screenshot shows whatever was on a public screen: kept at most this long. */
export const SCREENSHOT_KEEP_MS = 24 * 3600_000;

export interface NewStationAction {
  id: string;
  terminalId: string;
  action: StationActionName;
  params: Record<string, unknown>;
  reason: string;
  /** The staff member's id. */
  by: string;
  /** `dashboard`, or `cli:<os account>`. */
  via: string;
  expiresInMs: number;
}

/** An action as central keeps it: what was asked, when, and where it stands. */
export interface StationAction extends Omit<NewStationAction, 'expiresInMs'> {
  requestedAt: string;
  expiresAt: string;
  state: ActionState;
  deliveredAt: string | null;
  deliveries: number;
  finishedAt: string | null;
  outcome: string | null;
  logLines: string[] | null;
  /** A screenshot is kept until then (null: none was taken); `hasScreenshot` false after it was removed. */
  screenshotUntil: string | null;
  hasScreenshot: boolean;
}

const COLUMNS = `id, terminal_id, action, params, reason, requested_by, requested_via, requested_at, expires_at, state,
  delivered_at, deliveries, finished_at, outcome, log_lines, screenshot_until, screenshot_png IS NOT NULL AS has_screenshot`;

function toAction(r: Record<string, unknown>): StationAction {
  return {
    id: r.id as string,
    terminalId: r.terminal_id as string,
    action: r.action as StationActionName,
    params: JSON.parse(r.params as string) as Record<string, unknown>,
    reason: r.reason as string,
    by: r.requested_by as string,
    via: r.requested_via as string,
    requestedAt: r.requested_at as string,
    expiresAt: r.expires_at as string,
    state: r.state as ActionState,
    deliveredAt: (r.delivered_at as string | null) ?? null,
    deliveries: Number(r.deliveries),
    finishedAt: (r.finished_at as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
    logLines: r.log_lines ? (JSON.parse(r.log_lines as string) as string[]) : null,
    screenshotUntil: (r.screenshot_until as string | null) ?? null,
    hasScreenshot: Boolean(r.has_screenshot),
  };
}

/**
 * Expires pending actions whose time is up (each with its audit event) and removes screenshots older than
 * a day. `db` may be the caller's transaction (a transaction inside one joins it).
 */
async function upkeep(db: Sql, now: Date): Promise<void> {
  const at = now.toISOString();
  const due = await db.get(`SELECT id FROM station_actions WHERE state = 'pending' AND expires_at <= ? LIMIT 1`, [at]);
  if (due)
    await db.transaction(async (tx) => {
      const expiring = await tx.all<{
        id: string;
        terminal_id: string;
        action: string;
        reason: string;
        requested_by: string;
      }>(
        `SELECT id, terminal_id, action, reason, requested_by FROM station_actions WHERE state = 'pending' AND expires_at <= ?`,
        [at],
      );
      for (const r of expiring) {
        await tx.run(
          `UPDATE station_actions SET state = 'expired', finished_at = expires_at, outcome = ? WHERE id = ? AND state = 'pending'`,
          [EXPIRED_OUTCOME, r.id],
        );
        await appendAudit(tx, auditOf(r, 'expired', EXPIRED_OUTCOME), now);
      }
    });
  // Every read comes here: a write only when a screenshot's day is over.
  const stale = await db.get(
    `SELECT id FROM station_actions WHERE screenshot_png IS NOT NULL AND screenshot_until <= ? LIMIT 1`,
    [at],
  );
  if (stale)
    await db.run(
      `UPDATE station_actions SET screenshot_png = NULL WHERE screenshot_png IS NOT NULL AND screenshot_until <= ?`,
      [at],
    );
}

const EXPIRED_OUTCOME = 'The station did not fetch it before it expired (offline or not answering); it was not run.';

/** The audit event of an action's step: who asked, why, and how it stands (central/store/audit.ts). */
function auditOf(
  r: { id: string; terminal_id: string; action: string; reason: string; requested_by: string },
  outcome: AuditOutcome,
  detail: string,
): AuditEvent {
  return {
    actor: r.requested_by,
    // The column holds names checked against shared/station-action-names.ts on the way in.
    action: `station.action.${r.action as StationActionName}`,
    terminalId: r.terminal_id,
    target: r.id,
    reason: r.reason,
    outcome,
    detail: { outcome: detail },
  };
}

async function requestStationAction(sql: Sql, a: NewStationAction, now: Date): Promise<StationAction> {
  return sql.transaction(async (db) => {
    await db.run(
      `INSERT INTO station_actions (id, terminal_id, action, params, reason, requested_by, requested_via, requested_at, expires_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
      [
        a.id,
        a.terminalId,
        a.action,
        JSON.stringify(a.params),
        a.reason,
        a.by,
        a.via,
        now.toISOString(),
        new Date(now.getTime() + a.expiresInMs).toISOString(),
      ],
    );
    await appendAudit(
      db,
      {
        ...auditOf(
          { id: a.id, terminal_id: a.terminalId, action: a.action, reason: a.reason, requested_by: a.by },
          'pending',
          'asked',
        ),
        detail: { params: a.params, via: a.via },
      },
      now,
    );
    return (await stationAction(db, a.id, now))!;
  });
}

/**
 * The actions to carry in this heartbeat answer: every unexpired pending one (now delivered) and every
 * delivered one not answered yet (carried again: the last answer may have been lost), oldest first.
 */
async function deliverStationActions(sql: Sql, terminalId: string, now: Date, max = 20): Promise<StationAction[]> {
  // Every heartbeat asks: a read finds nothing to carry in the usual case, without a write transaction.
  const any = await sql.get(
    `SELECT id FROM station_actions WHERE terminal_id = ? AND (state = 'delivered' OR (state = 'pending' AND expires_at > ?)) LIMIT 1`,
    [terminalId, now.toISOString()],
  );
  if (!any) return [];
  return sql.transaction(async (db) => {
    await upkeep(db, now);
    const rows = await db.all(
      `SELECT ${COLUMNS} FROM station_actions WHERE terminal_id = ? AND state IN ('pending', 'delivered')
       ORDER BY requested_at, id LIMIT ?`,
      [terminalId, max],
    );
    const at = now.toISOString();
    for (const r of rows)
      await db.run(
        `UPDATE station_actions SET state = 'delivered', delivered_at = COALESCE(delivered_at, ?), deliveries = deliveries + 1 WHERE id = ?`,
        [at, r.id as string],
      );
    return rows.map((r) => ({
      ...toAction(r),
      state: 'delivered' as const,
      deliveredAt: (r.delivered_at as string) ?? at,
    }));
  });
}

/**
 * The station's answer for one of its actions. Null: no such action of this terminal. `already`: it was
 * answered (or expired) before; the first outcome stays.
 */
async function recordStationActionResult(
  sql: Sql,
  terminalId: string,
  result: ActionResultRequest,
  now: Date,
): Promise<'recorded' | 'already' | null> {
  return sql.transaction(async (db) => {
    const row = await db.get<{ state: ActionState; action: string; reason: string; requested_by: string }>(
      'SELECT state, action, reason, requested_by FROM station_actions WHERE id = ? AND terminal_id = ?',
      [result.id, terminalId],
    );
    if (!row) return null;
    if (FINISHED_STATES.includes(row.state)) return 'already';
    const at = now.toISOString();
    await db.run(
      `UPDATE station_actions SET state = ?, finished_at = ?, outcome = ?, log_lines = ?, screenshot_png = ?, screenshot_until = ? WHERE id = ?`,
      [
        result.state,
        at,
        result.outcome,
        result.logLines ? JSON.stringify(result.logLines) : null,
        result.screenshotPng ?? null,
        result.screenshotPng ? new Date(now.getTime() + SCREENSHOT_KEEP_MS).toISOString() : null,
        result.id,
      ],
    );
    await appendAudit(
      db,
      auditOf({ ...row, id: result.id, terminal_id: terminalId }, result.state, result.outcome),
      now,
    );
    return 'recorded';
  });
}

/** One action (after expiry and pruning), or null. */
async function stationAction(sql: Sql, id: string, now: Date): Promise<StationAction | null> {
  await upkeep(sql, now);
  const r = await sql.get(`SELECT ${COLUMNS} FROM station_actions WHERE id = ?`, [id]);
  return r ? toAction(r) : null;
}

/** A station's actions, newest first: its history for the station page and the CLI. */
async function stationActions(sql: Sql, terminalId: string, now: Date, limit = 50): Promise<StationAction[]> {
  await upkeep(sql, now);
  const rows = await sql.all(
    `SELECT ${COLUMNS} FROM station_actions WHERE terminal_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?`,
    [terminalId, limit],
  );
  return rows.map(toAction);
}

/** An action's screenshot as PNG bytes while it is kept, else null. */
async function stationActionScreenshot(sql: Sql, id: string, now: Date): Promise<Buffer | null> {
  await upkeep(sql, now);
  const r = await sql.get<{ screenshot_png: string | null }>(
    'SELECT screenshot_png FROM station_actions WHERE id = ?',
    [id],
  );
  return r?.screenshot_png ? Buffer.from(r.screenshot_png, 'base64') : null;
}

/**
 * Remote actions as the store holds them (`store.stationActions`): staff ask, the heartbeat carries, the
 * station answers. Each call first expires and prunes what is due (upkeep).
 */
export class StationActions {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => Date,
  ) {}

  /** Records a new pending action (and its audit event, in one transaction). */
  request(action: NewStationAction): Promise<StationAction> {
    return requestStationAction(this.sql, action, this.now());
  }

  /** The actions to carry in this terminal's heartbeat answer (see deliverStationActions). */
  deliver(terminalId: string): Promise<StationAction[]> {
    return deliverStationActions(this.sql, terminalId, this.now());
  }

  /** The station's answer: null for no such action of this terminal, `already` when answered or expired before. */
  recordResult(terminalId: string, result: ActionResultRequest): Promise<'recorded' | 'already' | null> {
    return recordStationActionResult(this.sql, terminalId, result, this.now());
  }

  /** One action, or null. */
  byId(id: string): Promise<StationAction | null> {
    return stationAction(this.sql, id, this.now());
  }

  /** A station's actions, newest first (at most `limit`, default 50). */
  ofTerminal(terminalId: string, limit?: number): Promise<StationAction[]> {
    return stationActions(this.sql, terminalId, this.now(), limit);
  }

  /** An action's screenshot as PNG bytes while it is kept, else null. */
  screenshot(id: string): Promise<Buffer | null> {
    return stationActionScreenshot(this.sql, id, this.now());
  }
}
