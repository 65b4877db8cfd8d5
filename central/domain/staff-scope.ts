/**
 * Staff roles and sites (issue #18): which stations a staff member may act on. A station belongs to a
 * site, a path from campus down to building or college (`qianfoshan/library`); a staff member holds
 * sites, and a site covers itself and every site below it. Pure: the store reads the rows, this decides.
 *
 * - `admin`: everything, every station.
 * - `operator`: their sites' stations, maintenance mode included; a station with no site yet is the
 *   admins' alone.
 * - `viewer`: reads the dashboard for their sites; never maintenance mode.
 */
export const STAFF_ROLES = ['admin', 'operator', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A site path: lowercase letters, digits, `-` and `_`, parts joined by `/`, at most 4 parts. */
export const SITE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}(\/[a-z0-9][a-z0-9_-]{0,31}){0,3}$/;

export interface StaffScope {
  role: StaffRole;
  sites: readonly string[];
  disabled: boolean;
}

/** Whether `held` covers `site`: the same site or one below it. */
export const covers = (held: string, site: string) => site === held || site.startsWith(`${held}/`);

/** Whether this staff member sees the station at `site` (null: not placed yet) on the dashboard. */
export function seesStation(scope: StaffScope, site: string | null): boolean {
  if (scope.disabled) return false;
  if (scope.role === 'admin') return true;
  return site !== null && scope.sites.some((s) => covers(s, site));
}

/** Why this staff member may not open maintenance mode on the station at `site`, or null if they may. */
export function maintenanceRefusal(scope: StaffScope, site: string | null): string | null {
  if (scope.disabled) return 'this staff account is disabled';
  if (scope.role === 'viewer') return 'a viewer account reads the dashboard only';
  if (!seesStation(scope, site))
    return site === null
      ? 'this station is not placed at a site yet: only an admin may maintain it'
      : `this station is at site ${site}, which is not one of this staff member's sites`;
  return null;
}
