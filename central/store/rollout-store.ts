/**
 * The part of the central store that rollouts use (docs/templates.md, "Publishing safely"); CentralStore
 * extends it, and the SQLite store implements it in central/store/rollout.ts.
 */
import type { ReleaseInfo, SignedRelease, TemplateRollback } from '../../shared/central-api.js';
import type { PersonStatus, Role } from '../../shared/domain.js';
import type { WithdrawnRelease } from './template-withdrawals.js';

export interface RolloutStore {
  /** What this terminal is offered: the newest release of each id it may see, and the rollback instructions. */
  releasesFor(terminalId: string): Promise<{ releases: ReleaseInfo[]; rollbacks: SignedRelease[] }>;
  /** Every published release, with its pilot group and whether it was promoted. */
  allReleases(): Promise<(ReleaseInfo & { toGroup: string | null; promoted: boolean; withdrawn: boolean })[]>;
  /** Stops offering and serving a release, recording who and why (template-withdrawals.ts). */
  withdrawRelease(id: string, version: string, reason: string, by: string): Promise<WithdrawnRelease>;
  /** Makes a pilot release visible to all terminals. Throws RolloutRefused. */
  promoteRelease(id: string, version: string, by: string): Promise<{ id: string; version: string; promotedAt: string }>;
  /** Stores a signed rollback instruction. Throws RolloutRefused. */
  publishRollback(
    signed: SignedRelease,
    rollback: TemplateRollback,
    by: string,
  ): Promise<{ id: string; to: string; sha256: string }>;
  /** Adds terminals to a group; returns those newly added. Throws RolloutRefused for an unknown terminal. */
  addToGroup(group: string, terminals: string[], by: string): Promise<string[]>;
  /** Ends terminals' membership of a group; returns those that were in it. */
  removeFromGroup(group: string, terminals: string[], by: string): Promise<string[]>;
  groups(): Promise<{ group: string; terminals: string[] }[]>;
  /** Up to `limit` active people of these roles and statuses (the publish check's dry runs). */
  peopleToCheck(roles: readonly Role[], statuses: readonly PersonStatus[], limit: number): Promise<string[]>;
}
