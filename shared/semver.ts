/**
 * Template versions: strict SemVer 2.0 (`MAJOR.MINOR.PATCH` with an optional `-pre.release`, no build
 * metadata), the one definition that the release format, the bundle manifest, central's API and every
 * comparison use. Each numeric part has at most 9 digits, so it is an exact integer: `Number()` of
 * `1` + 400 zeros is Infinity, which once let one release rank above every later one for ever
 * (issue #12, finding 6).
 */
import { z } from 'zod';

/** At most 9 digits (below 2^53, so compared exactly), no leading zero. */
const NUMBER = '(?:0|[1-9]\\d{0,8})';
/** A pre-release identifier: a bounded number, or letters, digits and hyphens with at least one non-digit. */
const PRE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]{0,31})`;
export const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${PRE_ID}(?:\\.${PRE_ID}){0,7})?$`);

export const SEMVER_HINT =
  'a version is MAJOR.MINOR.PATCH (SemVer, e.g. 1.4.0 or 2.0.0-rc.1): numbers of at most 9 digits without leading zeros';

export const TemplateVersion = z.string().max(128).regex(SEMVER, SEMVER_HINT);

const isNumeric = (id: string) => /^\d+$/.test(id);

/** SemVer precedence of one pre-release identifier: numbers below words, numbers by value, words in ASCII order. */
function compareIdentifiers(a: string, b: string): number {
  const na = isNumeric(a);
  const nb = isNumeric(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SemVer 2.0 precedence: negative when `a` is older than `b`, positive when newer, 0 when equal.
 * A string that is not a version (a row stored before versions were checked) ranks below every
 * version, so it can never hide a later release; it is not thrown on, so one bad row cannot stop a listing.
 */
export function compareVersions(a: string, b: string): number {
  const va = SEMVER.test(a);
  const vb = SEMVER.test(b);
  if (!va || !vb) return va === vb ? (a < b ? -1 : a > b ? 1 : 0) : va ? 1 : -1;
  const [coreA, preA] = splitPre(a);
  const [coreB, preB] = splitPre(b);
  const pa = coreA.split('.').map(Number);
  const pb = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  // A version without a pre-release ranks above the same version with one (1.0.0-rc.1 < 1.0.0).
  if (preA === null || preB === null) return preA === preB ? 0 : preA === null ? 1 : -1;
  const ia = preA.split('.');
  const ib = preB.split('.');
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const d = compareIdentifiers(ia[i]!, ib[i]!);
    if (d !== 0) return d;
  }
  return ia.length - ib.length;
}

function splitPre(v: string): [string, string | null] {
  const dash = v.indexOf('-');
  return dash < 0 ? [v, null] : [v.slice(0, dash), v.slice(dash + 1)];
}
