/**
 * Staff dashboard sessions in the database (issue #16): a sign-in at one central instance is valid at
 * every other and survives a restart. A session token is a bearer secret: only its SHA-256 is stored, as
 * for terminal tokens and staff grants. Expired sessions are removed when a new one starts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';

export interface SessionStaff {
  id: string;
  name: string;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session for `staff` until `expiresMs`; the token (256 random bits) is answered once. */
export async function createStaffSession(
  sql: Sql,
  staff: SessionStaff,
  nowMs: number,
  expiresMs: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql.transaction(async (db) => {
    await db.run('DELETE FROM staff_sessions WHERE expires_ms <= ?', [nowMs]);
    await db.run(
      'INSERT INTO staff_sessions (token_sha256, staff_id, staff_name, created_at, expires_ms) VALUES (?, ?, ?, ?, ?)',
      [sha256(token), staff.id, staff.name, new Date(nowMs).toISOString(), expiresMs],
    );
  });
  return token;
}

/** The staff member of an unexpired session whose account is not disabled, or null. */
export async function staffSession(db: Sql, token: string, nowMs: number): Promise<SessionStaff | null> {
  const row = await db.get<{ staff_id: string; staff_name: string }>(
    `SELECT s.staff_id, s.staff_name FROM staff_sessions s LEFT JOIN staff a ON a.id = s.staff_id
      WHERE s.token_sha256 = ? AND s.expires_ms > ? AND a.disabled_at IS NULL`,
    [sha256(token), nowMs],
  );
  return row ? { id: row.staff_id, name: row.staff_name } : null;
}

/** Ends a session (signing out); an unknown token is no error. Answers whose session it was (for the audit), or null. */
export async function endStaffSession(db: Sql, token: string): Promise<string | null> {
  const row = await db.get<{ staff_id: string }>(
    'DELETE FROM staff_sessions WHERE token_sha256 = ? RETURNING staff_id',
    [sha256(token)],
  );
  return row?.staff_id ?? null;
}
