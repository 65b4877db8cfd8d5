/**
 * Staff holding the station out of service from central (issue #18, remote actions): kept in the kiosk
 * database (`held_out_of_service`, one row or none) so that a restart of the kiosk app keeps the station
 * paused until staff put it back in service.
 */
import type { Db } from '../db.js';

export interface HeldOut {
  staff: string;
  reason: string;
  since: string;
}

export function heldOut(db: Db): HeldOut | null {
  return (db.prepare('SELECT staff, reason, since FROM held_out_of_service WHERE id = 1').get() as HeldOut) ?? null;
}

/** Holds the station out of service (the first hold keeps its time), or releases it (null). */
export function setHeldOut(db: Db, by: { staff: string; reason: string } | null): HeldOut | null {
  if (by === null) db.prepare('DELETE FROM held_out_of_service WHERE id = 1').run();
  else
    db.prepare(
      'INSERT INTO held_out_of_service (id, staff, reason, since) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET staff = excluded.staff, reason = excluded.reason',
    ).run(by.staff, by.reason, new Date().toISOString());
  return heldOut(db);
}
