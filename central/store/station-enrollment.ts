/**
 * Stations in bulk (issue #18): enrolling many at once, revoking one with who and why, and listing them.
 * Nothing else writes `terminal_revocations`; a revocation row is kept when the station is enrolled again,
 * so its history says when it was out and why. Revoking only sets `terminals.revoked_at`: the station's
 * token stops working at once (sql-store.ts `byToken` reads only unrevoked rows) and its documents stay
 * as they are, so they still verify.
 */
import type { Sql } from '../../lib/sql/types.js';
import { covers } from '../domain/staff-scope.js';
import { appendAudit } from './audit.js';
import { hashToken, newSecretToken } from './tokens.js';

/** A station id: what the kiosk's configuration and the dashboard's address name it by. */
export const STATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface StationToEnroll {
  id: string;
  name: string;
  site: string;
}

/** A bulk enrollment or revocation that changed nothing, with every reason (one line each). */
export class StationsRefused extends Error {
  override name = 'StationsRefused';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Enrolls every station in one transaction, each with a new token (answered in the same order; only
 * hashes are stored). An id that is already enrolled (revoked or not) is refused unless `rotate`, which
 * gives it a new token (the old one stops working) and lifts a revocation: all or nothing.
 */
export async function enrollStations(
  db: Sql,
  stations: readonly StationToEnroll[],
  options: { rotate: boolean; by: string },
): Promise<{ id: string; token: string }[]> {
  return db.transaction(async (tx) => {
    if (!options.rotate) {
      const existing = new Set<string>();
      // In pieces: a statement's placeholders are limited (SQLite 32,766, PostgreSQL 65,535).
      for (let i = 0; i < stations.length; i += 500) {
        const ids = stations.slice(i, i + 500).map((s) => s.id);
        for (const r of await tx.all<{ id: string }>(
          `SELECT id FROM terminals WHERE id IN (${ids.map(() => '?').join(', ')})`,
          ids,
        ))
          existing.add(r.id);
      }
      if (existing.size)
        throw new StationsRefused(
          [...existing].map(
            (id) =>
              `${id} is already enrolled: leave it out, or give --rotate to replace its token (the old one stops working)`,
          ),
        );
    }
    const tokens: { id: string; token: string }[] = [];
    for (const s of stations) {
      const token = newSecretToken('terminal');
      await tx.run(
        'INSERT INTO terminals (id, name, token_hash, site) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash, site = excluded.site, revoked_at = NULL',
        [s.id, s.name, hashToken(token), s.site],
      );
      tokens.push({ id: s.id, token });
      await appendAudit(tx, {
        actor: options.by,
        action: 'station.enrolled',
        terminalId: s.id,
        site: s.site,
        target: s.id,
        detail: { bulk: true, rotate: options.rotate },
      });
    }
    return tokens;
  });
}

/** Revokes a station's token now, recording who and why. Throws StationsRefused (unknown, already revoked). */
export async function revokeStation(
  db: Sql,
  id: string,
  revocation: { by: string; reason: string; at: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await tx.get<{ revoked_at: string | null }>('SELECT revoked_at FROM terminals WHERE id = ?', [id]);
    if (!row)
      throw new StationsRefused([`No station ${id} is enrolled: check the id with \`estation central stations list\``]);
    if (row.revoked_at !== null)
      throw new StationsRefused([`Station ${id} was already revoked at ${row.revoked_at}: nothing was changed`]);
    await tx.run('UPDATE terminals SET revoked_at = ? WHERE id = ?', [revocation.at, id]);
    await tx.run('INSERT INTO terminal_revocations (terminal_id, revoked_at, revoked_by, reason) VALUES (?, ?, ?, ?)', [
      id,
      revocation.at,
      revocation.by,
      revocation.reason,
    ]);
    await appendAudit(tx, {
      at: revocation.at,
      actor: revocation.by,
      action: 'station.revoked',
      terminalId: id,
      target: id,
      reason: revocation.reason,
    });
  });
}

export interface StationListing {
  id: string;
  name: string;
  site: string | null;
  lastHeartbeat: string | null;
  softwareVersion: string | null;
  /** The revocation in force, or null when the station's token works. */
  revoked: { at: string; by: string; reason: string } | null;
}

/** Every enrolled station (revoked ones too) by id, or those at `site` and below it. */
export async function listStations(db: Sql, site?: string): Promise<StationListing[]> {
  const rows = await db.all<{
    id: string;
    name: string;
    site: string | null;
    last_heartbeat: string | null;
    software_version: string | null;
    revoked_at: string | null;
    revoked_by: string | null;
    reason: string | null;
  }>(
    // The revocation row of the revocation in force: revoked by the CLI, or by older code (no row: by and reason unknown).
    `SELECT t.id, t.name, t.site, t.last_heartbeat, t.software_version, t.revoked_at, r.revoked_by, r.reason
       FROM terminals t LEFT JOIN terminal_revocations r ON r.terminal_id = t.id AND r.revoked_at = t.revoked_at
      ORDER BY t.id`,
  );
  return rows
    .filter((r) => site === undefined || (r.site !== null && covers(site, r.site)))
    .map((r) => ({
      id: r.id,
      name: r.name,
      site: r.site,
      lastHeartbeat: r.last_heartbeat,
      softwareVersion: r.software_version,
      revoked: r.revoked_at ? { at: r.revoked_at, by: r.revoked_by ?? 'unknown', reason: r.reason ?? '' } : null,
    }));
}
