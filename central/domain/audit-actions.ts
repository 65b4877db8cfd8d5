/**
 * The actions central's audit records (issue #18, "Reports and audit"), declared once: the store refuses any
 * other, the dashboard's and the CLI's action filters are made from this list. Remote actions on a station
 * are `station.action.<name>` (built beside this; their names are theirs to choose, in the pattern below).
 */
export const AUDIT_ACTIONS = [
  'staff.sign_in',
  'staff.sign_in_refused',
  'staff.sign_out',
  'station.maintenance_opened',
  'document.reprint_granted',
  'document.revoked',
  'template.published',
  'template.promoted',
  'template.rolled_back',
  'template.withdrawn',
  'settings.published',
  'kind.published',
  'institution.set',
  'staff.account_changed',
  'payment.refunded',
  'station.enrolled',
  'station.revoked',
] as const;

/** A remote action on a station (`station.action.out_of_service`, `station.action.screenshot`...). */
export const STATION_ACTION_PATTERN = /^station\.action\.[a-z][a-z0-9_]{0,39}$/;

export type AuditAction = (typeof AUDIT_ACTIONS)[number] | `station.action.${string}`;

/** How the act ended: done, refused (a rule said no), failed (it was tried and did not work), or still waiting. */
export const AUDIT_OUTCOMES = ['done', 'refused', 'failed', 'pending', 'expired'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) || STATION_ACTION_PATTERN.test(action);
}

/**
 * An actor as the audit names them: a staff id, `admin:<id>` (an admin token), `cli:<user>` (a command run on
 * central's machine), `cas:<user>` (a single sign-on user central does not know), `card:<number>` (a refused
 * sign-in), or `central` itself. Printable and short: it is shown on pages and written to CSV.
 */
export const ACTOR_PATTERN = /^[^\s\p{Cc}][^\p{Cc}]{0,127}$/u;
