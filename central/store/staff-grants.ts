/**
 * Staff grants (issue #12, finding 7): a reprint is a staff action that central checks, not only the
 * kiosk UI. When a staff card and PIN pass /v1/staff/verify on a terminal, central gives that terminal a
 * random grant, bound to the terminal and the staff member, valid for STAFF_GRANT_MS (the lifetimes and
 * the verdict: central/domain/staff-grant.ts). A reprint
 * authorization must carry a live grant of its own terminal: a stolen terminal token alone, another
 * terminal's grant or the kiosk's offline staff cache cannot make one.
 *
 * A grant is kept as its SHA-256 only (it is a bearer secret, like terminal tokens), and it may be used for
 * several reprints while it lives: one maintenance visit often settles several jobs. Expired grants are
 * kept for a day so that a refusal can say "expired" rather than "unknown", then removed: they prove
 * nothing any more (the document keeps the staff id and reason of each reprint).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';
import { grantVerdict, KEEP_EXPIRED_GRANT_MS, STAFF_GRANT_MS, type GrantCheck } from '../domain/staff-grant.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a grant for this terminal and staff member; returns the token (shown once) and its expiry. */
export async function issueStaffGrant(
  sql: Sql,
  terminalId: string,
  staffId: string,
  nowMs: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expires = nowMs + STAFF_GRANT_MS;
  await sql.transaction(async (db) => {
    await db.run('DELETE FROM staff_grants WHERE expires_ms < ?', [nowMs - KEEP_EXPIRED_GRANT_MS]);
    await db.run(
      'INSERT INTO staff_grants (token_sha256, terminal_id, staff_id, issued_at, expires_ms) VALUES (?, ?, ?, ?, ?)',
      [sha256(token), terminalId, staffId, new Date(nowMs).toISOString(), expires],
    );
  });
  return { token, expiresAt: new Date(expires).toISOString() };
}

/** Whether `token` is a live grant of this terminal; the refusal says why, in words staff understand. */
export async function checkStaffGrant(
  db: Sql,
  terminalId: string,
  token: string | undefined,
  nowMs: number,
): Promise<GrantCheck> {
  const row =
    token === undefined
      ? undefined
      : ((await db.get('SELECT terminal_id, staff_id, expires_ms FROM staff_grants WHERE token_sha256 = ?', [
          sha256(token),
        ])) as { terminal_id: string; staff_id: string; expires_ms: number } | undefined);
  return grantVerdict(
    token !== undefined,
    row && { terminalId: row.terminal_id, staffId: row.staff_id, expiresMs: row.expires_ms },
    terminalId,
    nowMs,
  );
}
