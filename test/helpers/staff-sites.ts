/**
 * Stations at two sites and staff accounts of given roles and sites (issue #18), for the tests of who may
 * do what where: kiosk-a stands at qianfoshan/library, kiosk-b at hongjialou/law, and every account
 * has the PIN STAFF_SITES_PIN.
 */
import type { Sql } from '../../lib/sql/types.js';
import { addStaff, setTerminalSite } from '../../central/store/staff-accounts.js';
import type { StaffRole } from '../../central/domain/staff-scope.js';
import { hashPin } from '../../lib/pin-hash.js';

export const STAFF_SITES_PIN = '357913';

/** Places kiosk-a and kiosk-b at their sites and adds the accounts: [id, card, role, sites]. */
export async function placeStationsAndStaff(
  sql: Sql,
  accounts: readonly (readonly [string, string, StaffRole, readonly string[]])[],
): Promise<void> {
  await setTerminalSite(sql, 'kiosk-a', 'qianfoshan/library');
  await setTerminalSite(sql, 'kiosk-b', 'hongjialou/law');
  const at = new Date().toISOString();
  for (const [id, card, role, sites] of accounts)
    await addStaff(sql, { id, card, name: id, role, sites, pinHash: hashPin(STAFF_SITES_PIN) }, at);
}
