/**
 * What the dashboard's sign-in remembers to slow down guessing, in the database so that every central
 * instance behind one address sees the same (issue #16): failed sign-ins per client address (the rule,
 * how many in what window, is central/staff/sessions.ts's LoginLimiter), the CAS sign-ins started here
 * (central/staff/cas-starts.ts) and the CAS service tickets already presented (central/staff/cas-tickets.ts),
 * the last two kept as SHA-256 digests only.
 */
import type { Sql } from '../../lib/sql/types.js';
import { isUniqueViolation } from '../../lib/sql/types.js';

/** Times (ms) of the failed sign-ins from `address` at or after `sinceMs`, oldest first. */
export async function signInFailures(db: Sql, address: string, sinceMs: number): Promise<number[]> {
  const rows = await db.all<{ at_ms: number }>(
    'SELECT at_ms FROM sign_in_failures WHERE address = ? AND at_ms >= ? ORDER BY at_ms, id',
    [address, sinceMs],
  );
  return rows.map((r) => r.at_ms);
}

/** Records a failed sign-in from `address` at `atMs`; failures of any address before `forgetBeforeMs` are dropped. */
export async function recordSignInFailure(sql: Sql, address: string, atMs: number, forgetBeforeMs: number) {
  await sql.transaction(async (db) => {
    await db.run('DELETE FROM sign_in_failures WHERE at_ms < ?', [forgetBeforeMs]);
    await db.run('INSERT INTO sign_in_failures (address, at_ms) VALUES (?, ?)', [address, atMs]);
  });
}

/** A successful sign-in from `address` clears its failures. */
export async function clearSignInFailures(db: Sql, address: string): Promise<void> {
  await db.run('DELETE FROM sign_in_failures WHERE address = ?', [address]);
}

/**
 * Records a CAS ticket's digest as presented at `atMs`: true the first time, false ever after (across
 * instances: the primary key decides). Digests older than `forgetBeforeMs` are dropped first.
 */
export async function firstUseOfCasTicket(sql: Sql, digest: string, atMs: number, forgetBeforeMs: number) {
  try {
    return await sql.transaction(async (db) => {
      await db.run('DELETE FROM cas_tickets_used WHERE at_ms < ?', [forgetBeforeMs]);
      const r = await db.run(
        'INSERT INTO cas_tickets_used (ticket_sha256, at_ms) VALUES (?, ?) ON CONFLICT (ticket_sha256) DO NOTHING',
        [digest, atMs],
      );
      return r.changes === 1;
    });
  } catch (err) {
    // Two instances inserting the same digest at once: PostgreSQL may report the loser as a violation.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Opens a CAS sign-in mark (its digest) until `expiresMs`. Expired marks are dropped, and beyond `maxOpen`
 * the ones closest to expiry, so that calling the button's route in a loop cannot fill the database.
 */
export async function openCasSignIn(sql: Sql, digest: string, nowMs: number, expiresMs: number, maxOpen: number) {
  await sql.transaction(async (db) => {
    await db.run('DELETE FROM cas_sign_in_starts WHERE expires_ms <= ?', [nowMs]);
    await db.run(
      `DELETE FROM cas_sign_in_starts WHERE expires_ms <= (SELECT expires_ms FROM cas_sign_in_starts ORDER BY expires_ms DESC LIMIT 1 OFFSET ?)`,
      [maxOpen - 1],
    );
    await db.run('INSERT INTO cas_sign_in_starts (mark_sha256, expires_ms) VALUES (?, ?)', [digest, expiresMs]);
  });
}

/** Closes a CAS sign-in mark: true when it was open and unexpired at `nowMs` (once only, at any instance). */
export async function takeCasSignIn(db: Sql, digest: string, nowMs: number): Promise<boolean> {
  const row = await db.get<{ expires_ms: number }>(
    'DELETE FROM cas_sign_in_starts WHERE mark_sha256 = ? RETURNING expires_ms',
    [digest],
  );
  return row !== undefined && row.expires_ms > nowMs;
}
