/**
 * The actions central's audit records (issue #18, "Reports and audit"), declared once: the store refuses any
 * other, the dashboard's and the CLI's action filters are made from this list. Remote actions on a station
 * are `station.action.<name>`, one per name in shared/station-action-names.ts (central/store/station-actions.ts
 * records the request, the station's answer and an expiry, each as an event).
 */
import { STATION_ACTION_NAMES, type StationActionName } from '../../shared/station-action-names.js';

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
export const STATION_AUDIT_ACTIONS = STATION_ACTION_NAMES.map((n) => `station.action.${n}` as const);

export type AuditAction = (typeof AUDIT_ACTIONS)[number] | `station.action.${StationActionName}`;

/** How the act ended: done, refused (a rule said no), failed (it was tried and did not work), or still waiting. */
export const AUDIT_OUTCOMES = ['done', 'refused', 'failed', 'pending', 'expired'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export function isAuditAction(action: string): action is AuditAction {
  return (
    (AUDIT_ACTIONS as readonly string[]).includes(action) ||
    (STATION_AUDIT_ACTIONS as readonly string[]).includes(action)
  );
}

/**
 * An actor as the audit names them: a staff id, `admin:<id>` (an admin token), `cli:<user>` (a command run on
 * central's machine), `cas:<user>` (a single sign-on user central does not know), `card:<number>` (a refused
 * sign-in), or `central` itself. Printable and short: it is shown on pages and written to CSV.
 */
export const ACTOR_PATTERN = /^[^\s\p{Cc}][^\p{Cc}]{0,127}$/u;
