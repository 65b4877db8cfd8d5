/**
 * Whether a reprint's staff grant counts (issue #12, finding 7): a live grant issued to the same
 * terminal. central/store/staff-grants.ts issues grants, keeps their hashes and reads the one a
 * reprint carries; the lifetimes and the verdict, with its reason in words staff understand, are here.
 */

/** How long a grant lives: a maintenance visit, and a reprint queued behind a short outage. */
export const STAFF_GRANT_MS = 10 * 60_000;
/** Expired grants are kept this long so that a refusal can say "expired" rather than "unknown". */
export const KEEP_EXPIRED_GRANT_MS = 24 * 3600_000;

export type GrantCheck = { ok: true; staffId: string } | { ok: false; why: string };

/** A stored grant: the terminal it was issued to, the staff member, when it expires. */
export interface StoredGrant {
  terminalId: string;
  staffId: string;
  expiresMs: number;
}

/**
 * Whether a reprint from `terminalId` at `nowMs` carrying a grant (`carried` false: none) that central
 * holds as `grant` (undefined: never issued) is a staff action.
 */
export function grantVerdict(
  carried: boolean,
  grant: StoredGrant | undefined,
  terminalId: string,
  nowMs: number,
): GrantCheck {
  if (!carried)
    return { ok: false, why: 'it carries no staff grant (a staff member must check their card and PIN first)' };
  if (!grant) return { ok: false, why: 'its staff grant is not one central issued' };
  if (grant.terminalId !== terminalId)
    return {
      ok: false,
      why: "its staff grant was issued to another terminal; only this terminal's staff check counts",
    };
  if (grant.expiresMs <= nowMs)
    return { ok: false, why: 'its staff grant has expired: a staff member must check their card and PIN again' };
  return { ok: true, staffId: grant.staffId };
}
