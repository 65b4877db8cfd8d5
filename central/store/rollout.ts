/**
 * Rollouts in the SQLite store (docs/templates.md, "Publishing safely"): named groups of terminals, a
 * release published to one group first and promoted to all later, signed rollback instructions, and
 * what each terminal is offered from all that. SqliteCentralStore delegates here; nothing else touches
 * `terminal_groups`, `template_promotions`, `template_rollbacks` or `template_releases.to_group`.
 * Nothing is deleted: leaving a group ends a membership row, and every row says who and when.
 */
import type Database from 'better-sqlite3';
import type { ReleaseInfo, SignedRelease, TemplateRollback } from '../../shared/central-api.js';
import type { PersonStatus, Role } from '../../shared/domain.js';
import { compareVersions, insertRelease, releaseSha256, toInfo } from './releases.js';
import { SEMVER } from '../../shared/semver.js';
import type { ReleaseHeader } from './types.js';

/** A group name: what `--to-group` and `estation central group` take. */
export const GROUP_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** A rollout step central refuses, with what to do instead; `code` becomes the HTTP error. */
export class RolloutRefused extends Error {
  override name = 'RolloutRefused';
  constructor(
    readonly code:
      | 'unknown_group'
      | 'unknown_terminal'
      | 'unknown_release'
      | 'not_a_pilot'
      | 'nothing_to_roll_back'
      | 'already_withdrawn',
    message: string,
  ) {
    super(message);
  }
}

const currentMembers = (db: Database.Database, group: string): string[] =>
  (
    db
      .prepare(
        'SELECT terminal_id FROM terminal_groups WHERE group_name = ? AND removed_at IS NULL ORDER BY terminal_id',
      )
      .all(group) as { terminal_id: string }[]
  ).map((r) => r.terminal_id);

/** Adds terminals to a group (created by its first member). Returns the ones that were not in it yet. */
export function addToGroup(
  db: Database.Database,
  group: string,
  terminals: string[],
  by: string,
  at: string,
): string[] {
  return db.transaction(() => {
    const known = db.prepare('SELECT 1 FROM terminals WHERE id = ?');
    const unknown = terminals.filter((t) => !known.get(t));
    if (unknown.length)
      throw new RolloutRefused(
        'unknown_terminal',
        `No terminal ${unknown.join(', ')} is enrolled at this central; enroll it first (estation central enroll ID).`,
      );
    const members = new Set(currentMembers(db, group));
    const added = [...new Set(terminals)].filter((t) => !members.has(t));
    const ins = db.prepare(
      'INSERT INTO terminal_groups (group_name, terminal_id, added_at, added_by) VALUES (?, ?, ?, ?)',
    );
    for (const t of added) ins.run(group, t, at, by);
    return added;
  })();
}

/** Ends terminals' membership of a group (the rows stay, with when and by whom). Returns the ones that were in it. */
export function removeFromGroup(
  db: Database.Database,
  group: string,
  terminals: string[],
  by: string,
  at: string,
): string[] {
  const end = db.prepare(
    'UPDATE terminal_groups SET removed_at = ?, removed_by = ? WHERE group_name = ? AND terminal_id = ? AND removed_at IS NULL',
  );
  return db.transaction(() => [...new Set(terminals)].filter((t) => end.run(at, by, group, t).changes > 0))();
}

/** Every group that has members now, with them. */
export function groups(db: Database.Database): { group: string; terminals: string[] }[] {
  const names = db
    .prepare('SELECT DISTINCT group_name FROM terminal_groups WHERE removed_at IS NULL ORDER BY group_name')
    .all() as { group_name: string }[];
  return names.map((r) => ({ group: r.group_name, terminals: currentMembers(db, r.group_name) }));
}

/** Stores a release, for every terminal (`toGroup` null) or, until promoted, for one group's terminals only. */
export function insertRolloutRelease(
  db: Database.Database,
  signed: SignedRelease,
  header: ReleaseHeader,
  toGroup: string | null,
  publishedBy: string,
  at: string,
): ReleaseInfo {
  return db.transaction(() => {
    if (toGroup !== null && currentMembers(db, toGroup).length === 0)
      throw new RolloutRefused(
        'unknown_group',
        `Group "${toGroup}" has no terminals; add some first (estation central group add ${toGroup} TERMINAL...).`,
      );
    const info = insertRelease(db, signed, header, publishedBy, at);
    if (toGroup !== null)
      db.prepare('UPDATE template_releases SET to_group = ? WHERE id = ? AND version = ?').run(
        toGroup,
        header.id,
        header.version,
      );
    return info;
  })();
}

/** Makes a pilot release visible to every terminal; promoting it again answers the first promotion. */
export function promoteRelease(
  db: Database.Database,
  id: string,
  version: string,
  by: string,
  at: string,
): { id: string; version: string; promotedAt: string } {
  return db.transaction(() => {
    const row = db.prepare('SELECT to_group FROM template_releases WHERE id = ? AND version = ?').get(id, version) as
      { to_group: string | null } | undefined;
    if (!row)
      throw new RolloutRefused(
        'unknown_release',
        `No release ${id} ${version} is published; check the id and version.`,
      );
    if (row.to_group === null)
      throw new RolloutRefused(
        'not_a_pilot',
        `Release ${id} ${version} was published to every terminal already; there is nothing to promote.`,
      );
    db.prepare(
      'INSERT INTO template_promotions (id, version, promoted_at, promoted_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(id, version, at, by);
    const p = db
      .prepare('SELECT promoted_at FROM template_promotions WHERE id = ? AND version = ?')
      .get(id, version) as { promoted_at: string };
    return { id, version, promotedAt: p.promoted_at };
  })();
}

/** Stores a signed rollback instruction once central checked that its target is published and below `through`. */
export function insertRollback(
  db: Database.Database,
  signed: SignedRelease,
  r: TemplateRollback,
  by: string,
  at: string,
): { id: string; to: string; sha256: string } {
  if (!db.prepare('SELECT 1 FROM template_releases WHERE id = ? AND version = ?').get(r.id, r.to))
    throw new RolloutRefused(
      'unknown_release',
      `No release ${r.id} ${r.to} is published; a rollback goes back to a published version.`,
    );
  if (compareVersions(r.through, r.to) <= 0)
    throw new RolloutRefused(
      'nothing_to_roll_back',
      `${r.id} ${r.to} is already the highest version the instruction withdraws (through ${r.through}); nothing to roll back.`,
    );
  const sha256 = releaseSha256(signed);
  db.prepare(
    `INSERT INTO template_rollbacks (id, to_version, through_version, release, signature, key_id, sha256, published_at, published_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.to, r.through, signed.release, signed.signature, signed.keyId, sha256, at, by);
  return { id: r.id, to: r.to, sha256 };
}

interface ReleaseRow {
  id: string;
  version: string;
  kind: string;
  language: string;
  sha256: string;
  key_id: string;
  published_at: string;
  to_group: string | null;
  promoted: number;
  withdrawn: number;
}

/** Every published release of every id, with its group and whether it was promoted (for `GET /v1/admin/templates`). */
export function allReleases(
  db: Database.Database,
): (ReleaseInfo & { toGroup: string | null; promoted: boolean; withdrawn: boolean })[] {
  return releaseRows(db).map((r) => ({
    ...toInfo(r),
    toGroup: r.to_group,
    promoted: r.promoted === 1,
    withdrawn: r.withdrawn === 1,
  }));
}

function releaseRows(db: Database.Database): ReleaseRow[] {
  return db
    .prepare(
      `SELECT r.id, r.version, r.kind, r.language, r.sha256, r.key_id, r.published_at, r.to_group,
              EXISTS (SELECT 1 FROM template_promotions p WHERE p.id = r.id AND p.version = r.version) AS promoted,
              EXISTS (SELECT 1 FROM template_withdrawals w WHERE w.id = r.id AND w.version = r.version) AS withdrawn
       FROM template_releases r ORDER BY r.id`,
    )
    .all() as ReleaseRow[];
}

/** The newest rollback instruction of each template id, as signed. */
function latestRollbacks(db: Database.Database): Map<string, { to: string; through: string; signed: SignedRelease }> {
  const rows = db
    .prepare('SELECT id, to_version, through_version, release, signature, key_id FROM template_rollbacks ORDER BY seq')
    .all() as {
    id: string;
    to_version: string;
    through_version: string;
    release: string;
    signature: string;
    key_id: string;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        to: r.to_version,
        through: r.through_version,
        signed: { release: r.release, signature: r.signature, keyId: r.key_id },
      },
    ]),
  );
}

/**
 * What one terminal is offered: per template id, the highest version it may see (published to all,
 * promoted, or published to a group it is in now), or the rollback target while the newest visible
 * version is one the rollback withdrew; and the newest rollback instruction of every id.
 */
export function releasesForTerminal(
  db: Database.Database,
  terminalId: string,
): { releases: ReleaseInfo[]; rollbacks: SignedRelease[] } {
  const mine = new Set(
    (
      db
        .prepare('SELECT group_name FROM terminal_groups WHERE terminal_id = ? AND removed_at IS NULL')
        .all(terminalId) as { group_name: string }[]
    ).map((r) => r.group_name),
  );
  const rows = releaseRows(db);
  const best = new Map<string, ReleaseRow>();
  for (const r of rows) {
    // A withdrawn release is offered to no one (`estation template withdraw`), nor one whose version a
    // station would refuse to parse (stored before versions were strict SemVer: issue #12, finding 6).
    if (r.withdrawn || !SEMVER.test(r.version)) continue;
    if (r.to_group !== null && !r.promoted && !mine.has(r.to_group)) continue;
    const b = best.get(r.id);
    if (!b || compareVersions(r.version, b.version) > 0) best.set(r.id, r);
  }
  const rollbacks = latestRollbacks(db);
  for (const [id, rb] of rollbacks) {
    const b = best.get(id);
    const target = rows.find((r) => r.id === id && r.version === rb.to && !r.withdrawn);
    if (target && (!b || compareVersions(b.version, rb.through) <= 0)) best.set(id, target);
  }
  return { releases: [...best.values()].map(toInfo), rollbacks: [...rollbacks.values()].map((r) => r.signed) };
}

/**
 * Up to `limit` active people of these roles and statuses, for the publish check's dry runs: spread
 * over the whole population (ordered by the hash of their record, not by id, which groups a class).
 */
export function peopleToCheck(
  db: Database.Database,
  roles: readonly Role[],
  statuses: readonly PersonStatus[],
  limit: number,
): string[] {
  if (!roles.length || !statuses.length || limit <= 0) return [];
  const q = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return (
    db
      .prepare(
        `SELECT id FROM people WHERE active = 1 AND role IN (${q(roles.length)}) AND status IN (${q(statuses.length)})
         ORDER BY content_hash LIMIT ?`,
      )
      .all(...roles, ...statuses, limit) as { id: string }[]
  ).map((r) => r.id);
}
