/**
 * The staff credential a reprint job carries to central (issue #12, finding 7; kiosk migration
 * "reprint_staff"). A reprint is a staff action central checks: the staff member's PIN check on this
 * station gave it a short-lived grant, which the job sends with its authorization, with the staff
 * member's reason.
 *
 * A reprint waits for staff instead of failing when it has no live grant: made in maintenance mode
 * opened offline (the station's cached staff credentials cannot make central grant anything), or queued
 * through an outage longer than the grant lives (central answers `staff_required`). Its grant is then
 * cleared and the job is flagged; the print runner leaves it alone until a staff member, back in
 * maintenance mode with central reachable, acknowledges the flag, which gives it their fresh grant.
 * The grant is removed once central authorized the job: it is a credential, and the document keeps who
 * and why at central.
 */
import type { Db } from '../db.js';

export interface ReprintStaff {
  /** The grant token, or null while the reprint waits for a staff member. */
  grant: string | null;
  staff: string;
  reason: string;
}

/** The flag a reprint waiting for a staff grant shows on the maintenance screen. */
export const WAITING_FOR_STAFF_GRANT =
  'this reprint waits for a staff member: central accepts a reprint only with a staff PIN checked by central in the last few minutes. Acknowledge this flag in maintenance mode (with central reachable) to send it';

export class ReprintStaffStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      put: db.prepare(
        'INSERT INTO reprint_staff (job_id, grant_token, staff, reason) VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING',
      ),
      get: db.prepare<[string], { grant_token: string | null; staff: string; reason: string }>(
        'SELECT grant_token, staff, reason FROM reprint_staff WHERE job_id = ?',
      ),
      setGrant: db.prepare(
        'INSERT INTO reprint_staff (job_id, grant_token, staff, reason) VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET grant_token = excluded.grant_token',
      ),
    };
  }

  /** Records who asked for the reprint, why, and their grant (none: maintenance mode opened offline). */
  record(jobId: string, staff: string, reason: string, grant: string | undefined): void {
    this.sql.put.run(jobId, grant ?? null, staff, reason);
  }

  get(jobId: string): ReprintStaff | undefined {
    const row = this.sql.get.get(jobId);
    return row && { grant: row.grant_token, staff: row.staff, reason: row.reason };
  }

  /**
   * Sets (a staff member's fresh grant) or clears (refused, expired, or used) the job's grant. `who` names
   * the staff member and reason for a reprint queued before reprints carried them (it has no row yet).
   */
  setGrant(
    jobId: string,
    grant: string | null,
    who = { staff: 'unknown', reason: 'queued before staff grants' },
  ): void {
    this.sql.setGrant.run(jobId, grant, who.staff, who.reason);
  }
}
