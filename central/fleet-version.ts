/**
 * "Software version behind the fleet" (issue #18): a station still running an older kiosk than the rest
 * of the university missed an update (its installer failed, it was off during the roll-out) and may
 * lack fixes the others have.
 *
 * The reference is the MOST COMMON version among the online stations (not silent, not revoked, with a
 * SemVer version), ties going to the higher one. Not the highest: during a staged roll-out the one
 * pilot station on the new version would put every other station of the university on alert at once,
 * and an alert that is on everywhere is read nowhere. The most common version moves once most
 * stations have updated, and then the stragglers stand out. Offline stations do not vote (what they
 * last said may be months old), but a station that is offline and behind is still flagged.
 */
import type { LocalizedText } from '../shared/domain.js';
import { compareVersions, SEMVER } from '../shared/semver.js';

/**
 * The fleet's reference version (see above) from the versions the ONLINE stations said (the caller,
 * `fleetReference` in alerts.ts, knows which are online), or null when none said a version.
 */
export function fleetVersion(onlineVersions: Iterable<string | null | undefined>): string | null {
  const votes = new Map<string, number>();
  for (const v of onlineVersions) if (v && SEMVER.test(v)) votes.set(v, (votes.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of votes) {
    const bestN = best === null ? 0 : votes.get(best)!;
    if (n > bestN || (n === bestN && compareVersions(v, best!) > 0)) best = v;
  }
  return best;
}

/**
 * The alert's message when `version` is below the fleet's `reference`, or null. A station that never
 * said its version is not flagged (nothing to compare); one that said something that is not a version
 * ranks below every version (shared/semver.ts) and is.
 */
export function versionBehind(version: string | null | undefined, reference: string | null): LocalizedText | null {
  if (!version || reference === null || compareVersions(version, reference) >= 0) return null;
  return {
    zh: `软件版本 ${version} 落后于多数终端的 ${reference}：请更新此终端的自助机软件`,
    en: `Software ${version} is behind the fleet's ${reference}: update this station's kiosk software`,
  };
}
