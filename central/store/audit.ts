/**
 * Central's audit of staff and admin actions (issue #18, "Reports and audit"): `audit_events`, append-only in
 * the database itself (triggers refuse an UPDATE or DELETE on both stores), never pruned. An act and its
 * audit row commit together: `appendAudit` takes the transaction (`tx`) that does the act. Nothing else
 * writes `audit_events`.
 */
import type { Sql, SqlValue } from '../../lib/sql/types.js';
import {
  ACTOR_PATTERN,
  AUDIT_OUTCOMES,
  isAuditAction,
  type AuditAction,
  type AuditOutcome,
} from '../domain/audit-actions.js';
import { scopeWhere, underSite, type SiteScope } from './site-sql.js';

export interface AuditEvent {
  /** ISO instant; default: now. */
  at?: string;
  actor: string;
  action: AuditAction;
  /** The station the act was on; its site is looked up when `site` is not given. */
  terminalId?: string | null;
  site?: string | null;
  /** What was acted on: a serial, a template id and version, a staff id... */
  target?: string | null;
  reason?: string | null;
  /** Default: done. */
  outcome?: AuditOutcome;
  detail?: Record<string, unknown>;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  terminalId: string | null;
  site: string | null;
  target: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
}

/** An event central would not record: a bug in the caller, never a user's mistake. */
export class AuditEventInvalid extends Error {
  override name = 'AuditEventInvalid';
}

const TEXT_LIMIT = 500;
const clip = (s: string | null | undefined) => (s == null ? null : s.slice(0, TEXT_LIMIT));

/** Appends one event through `db` (the transaction doing the act); returns its id. */
export async function appendAudit(db: Sql, event: AuditEvent, now: Date = new Date()): Promise<number> {
  if (!isAuditAction(event.action)) throw new AuditEventInvalid(`"${event.action}" is not an audit action`);
  if (!ACTOR_PATTERN.test(event.actor))
    throw new AuditEventInvalid(`the audit actor "${event.actor}" is not printable`);
  const outcome = event.outcome ?? 'done';
  if (!AUDIT_OUTCOMES.includes(outcome)) throw new AuditEventInvalid(`"${outcome}" is not an audit outcome`);
  const terminalId = event.terminalId ?? null;
  const site =
    event.site !== undefined
      ? event.site
      : terminalId
        ? ((await db.get<{ site: string | null }>('SELECT site FROM terminals WHERE id = ?', [terminalId]))?.site ??
          null)
        : null;
  const row = await db.get<{ id: number }>(
    `INSERT INTO audit_events (at, actor, action, terminal_id, site, target, reason, outcome, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      event.at ?? now.toISOString(),
      event.actor,
      event.action,
      terminalId,
      site,
      clip(event.target),
      clip(event.reason),
      outcome,
      JSON.stringify(event.detail ?? {}),
    ],
  );
  return Number(row!.id);
}

export interface AuditFilter {
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  actor?: string;
  /** An action, or a prefix ending in `.` (`station.action.`, `template.`). */
  action?: string;
  terminalId?: string;
  /** Events at this site or below it. */
  site?: string;
  /** Found in the actor, target, reason or detail (case-insensitive). */
  text?: string;
  /**
   * What the reader may see (central/domain/staff-scope.ts): null for everything (an admin), else only events
   * on stations at these sites or below (an operator or viewer; none for an empty list).
   */
  scopeSites: SiteScope;
  /** Newest first; default 50, at most 10,000 (an export). */
  limit?: number;
  offset?: number;
}

export interface AuditPage {
  rows: AuditRecord[];
  /** How many events match the filter in all (pages: `total / limit`). */
  total: number;
}

const likeText = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(f: AuditFilter): { where: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.actor) add('actor = ?', f.actor);
  if (f.action?.endsWith('.')) add('substr(action, 1, ?) = ?', f.action.length, f.action);
  else if (f.action) add('action = ?', f.action);
  if (f.terminalId) add('terminal_id = ?', f.terminalId);
  if (f.site) {
    const under = underSite('site', f.site);
    add(under.sql, ...under.params);
  }
  if (f.text) {
    const columns = ['actor', "COALESCE(target, '')", "COALESCE(reason, '')", 'detail', "COALESCE(terminal_id, '')"];
    add(
      `(${columns.map((c) => `LOWER(${c}) LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      ...columns.map(() => likeText(f.text!)),
    );
  }
  const scope = scopeWhere(f.scopeSites, 'site');
  params.push(...scope.params);
  return { where: `WHERE 1 = 1${parts.map((p) => ` AND ${p}`).join('')}${scope.sql}`, params };
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  terminal_id: string | null;
  site: string | null;
  target: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  detail: string;
}

const recordOf = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: r.at,
  actor: r.actor,
  action: r.action,
  terminalId: r.terminal_id,
  site: r.site,
  target: r.target,
  reason: r.reason,
  outcome: r.outcome,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export const AUDIT_EXPORT_LIMIT = 10_000;

/** The events matching `filter`, newest first, one page of them. */
export async function searchAudit(db: Sql, filter: AuditFilter): Promise<AuditPage> {
  const { where, params } = whereOf(filter);
  const limit = Math.min(Math.max(1, filter.limit ?? 50), AUDIT_EXPORT_LIMIT);
  const offset = Math.max(0, filter.offset ?? 0);
  const total = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_events ${where}`, params))!.n);
  const rows = await db.all<AuditRow>(
    `SELECT id, at, actor, action, terminal_id, site, target, reason, outcome, detail FROM audit_events ${where}
     ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  return { rows: rows.map(recordOf), total };
}
