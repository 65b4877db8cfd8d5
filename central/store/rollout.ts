/**
 * Rollouts in the SQLite store (docs/templates.md, "Publishing safely"): named groups of terminals, a
 * release published to one group first and promoted to all later, signed rollback instructions, and
 * what each terminal is offered from all that. SqliteCentralStore delegates here; nothing else touches
 * `terminal_groups`, `template_promotions`, `template_rollbacks` or `template_releases.to_group`.
 * Nothing is deleted: leaving a group ends a membership row, and every row says who and when.
 */
import type { Sql } from '../../lib/sql/types.js';
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

const currentMembers = async (db: Sql, group: string): Promise<string[]> =>
  (
    (await db.all(
      'SELECT terminal_id FROM terminal_groups WHERE group_name = ? AND removed_at IS NULL ORDER BY terminal_id',
      [group],
    )) as { terminal_id: string }[]
  ).map((r) => r.terminal_id);

/** Adds terminals to a group (created by its first member). Returns the ones that were not in it yet. */
export async function addToGroup(
  sql: Sql,
  group: string,
  terminals: string[],
  by: string,
  at: string,
): Promise<string[]> {
  return sql.transaction(async (db) => {
    const unknown: string[] = [];
    for (const t of terminals) if (!(await db.get('SELECT 1 FROM terminals WHERE id = ?', [t]))) unknown.push(t);
    if (unknown.length)
      throw new RolloutRefused(
        'unknown_terminal',
        `No terminal ${unknown.join(', ')} is enrolled at this central; enroll it first (estation central enroll ID).`,
      );
    const members = new Set(await currentMembers(db, group));
    const added = [...new Set(terminals)].filter((t) => !members.has(t));
    for (const t of added)
      await db.run('INSERT INTO terminal_groups (group_name, terminal_id, added_at, added_by) VALUES (?, ?, ?, ?)', [
        group,
        t,
        at,
        by,
      ]);
    return added;
  });
}

/** Ends terminals' membership of a group (the rows stay, with when and by whom). Returns the ones that were in it. */
export async function removeFromGroup(
  sql: Sql,
  group: string,
  terminals: string[],
  by: string,
  at: string,
): Promise<string[]> {
  return sql.transaction(async (db) => {
    const removed: string[] = [];
    for (const t of new Set(terminals)) {
      const { changes } = await db.run(
        'UPDATE terminal_groups SET removed_at = ?, removed_by = ? WHERE group_name = ? AND terminal_id = ? AND removed_at IS NULL',
        [at, by, group, t],
      );
      if (changes > 0) removed.push(t);
    }
    return removed;
  });
}

/** Every group that has members now, with them. */
export async function groups(db: Sql): Promise<{ group: string; terminals: string[] }[]> {
  const names = (await db.all(
    'SELECT DISTINCT group_name FROM terminal_groups WHERE removed_at IS NULL ORDER BY group_name',
  )) as { group_name: string }[];
  const out: { group: string; terminals: string[] }[] = [];
  for (const r of names) out.push({ group: r.group_name, terminals: await currentMembers(db, r.group_name) });
  return out;
}

/** Stores a release, for every terminal (`toGroup` null) or, until promoted, for one group's terminals only. */
export async function insertRolloutRelease(
  sql: Sql,
  signed: SignedRelease,
  header: ReleaseHeader,
  toGroup: string | null,
  publishedBy: string,
  at: string,
): Promise<ReleaseInfo> {
  return sql.transaction(async (db) => {
    if (toGroup !== null && (await currentMembers(db, toGroup)).length === 0)
      throw new RolloutRefused(
        'unknown_group',
        `Group "${toGroup}" has no terminals; add some first (estation central group add ${toGroup} TERMINAL...).`,
      );
    const info = await insertRelease(db, signed, header, publishedBy, at);
    if (toGroup !== null)
      await db.run('UPDATE template_releases SET to_group = ? WHERE id = ? AND version = ?', [
        toGroup,
        header.id,
        header.version,
      ]);
    return info;
  });
}

/** Makes a pilot release visible to every terminal; promoting it again answers the first promotion. */
export async function promoteRelease(
  sql: Sql,
  id: string,
  version: string,
  by: string,
  at: string,
): Promise<{ id: string; version: string; promotedAt: string }> {
  return sql.transaction(async (db) => {
    const row = (await db.get('SELECT to_group FROM template_releases WHERE id = ? AND version = ?', [id, version])) as
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
    await db.run(
      'INSERT INTO template_promotions (id, version, promoted_at, promoted_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [id, version, at, by],
    );
    const p = (await db.get('SELECT promoted_at FROM template_promotions WHERE id = ? AND version = ?', [
      id,
      version,
    ])) as { promoted_at: string };
    return { id, version, promotedAt: p.promoted_at };
  });
}

/** Stores a signed rollback instruction once central checked that its target is published and below `through`. */
export async function insertRollback(
  db: Sql,
  signed: SignedRelease,
  r: TemplateRollback,
  by: string,
  at: string,
): Promise<{ id: string; to: string; sha256: string }> {
  if (!(await db.get('SELECT 1 FROM template_releases WHERE id = ? AND version = ?', [r.id, r.to])))
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
  await db.run(
    `INSERT INTO template_rollbacks (id, to_version, through_version, release, signature, key_id, sha256, published_at, published_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.id, r.to, r.through, signed.release, signed.signature, signed.keyId, sha256, at, by],
  );
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
export async function allReleases(
  db: Sql,
): Promise<(ReleaseInfo & { toGroup: string | null; promoted: boolean; withdrawn: boolean })[]> {
  return (await releaseRows(db)).map((r) => ({
    ...toInfo(r),
    toGroup: r.to_group,
    promoted: r.promoted === 1,
    withdrawn: r.withdrawn === 1,
  }));
}

async function releaseRows(db: Sql): Promise<ReleaseRow[]> {
  return (await db.all(`SELECT r.id, r.version, r.kind, r.language, r.sha256, r.key_id, r.published_at, r.to_group,
              CASE WHEN EXISTS (SELECT 1 FROM template_promotions p WHERE p.id = r.id AND p.version = r.version) THEN 1 ELSE 0 END AS promoted,
              CASE WHEN EXISTS (SELECT 1 FROM template_withdrawals w WHERE w.id = r.id AND w.version = r.version) THEN 1 ELSE 0 END AS withdrawn
       FROM template_releases r ORDER BY r.id`)) as ReleaseRow[];
}

/** The newest rollback instruction of each template id, as signed. */
async function latestRollbacks(db: Sql): Promise<Map<string, { to: string; through: string; signed: SignedRelease }>> {
  const rows = (await db.all(
    'SELECT id, to_version, through_version, release, signature, key_id FROM template_rollbacks ORDER BY seq',
  )) as {
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
export async function releasesForTerminal(
  db: Sql,
  terminalId: string,
): Promise<{ releases: ReleaseInfo[]; rollbacks: SignedRelease[] }> {
  const mine = new Set(
    (
      (await db.all('SELECT group_name FROM terminal_groups WHERE terminal_id = ? AND removed_at IS NULL', [
        terminalId,
      ])) as { group_name: string }[]
    ).map((r) => r.group_name),
  );
  const rows = await releaseRows(db);
  const best = new Map<string, ReleaseRow>();
  for (const r of rows) {
    // A withdrawn release is offered to no one (`estation template withdraw`), nor one whose version a
    // station would refuse to parse (stored before versions were strict SemVer: issue #12, finding 6).
    if (r.withdrawn || !SEMVER.test(r.version)) continue;
    if (r.to_group !== null && !r.promoted && !mine.has(r.to_group)) continue;
    const b = best.get(r.id);
    if (!b || compareVersions(r.version, b.version) > 0) best.set(r.id, r);
  }
  const rollbacks = await latestRollbacks(db);
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
export async function peopleToCheck(
  db: Sql,
  roles: readonly Role[],
  statuses: readonly PersonStatus[],
  limit: number,
): Promise<string[]> {
  if (!roles.length || !statuses.length || limit <= 0) return [];
  const q = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return (
    (await db.all(
      `SELECT id FROM people WHERE active = 1 AND role IN (${q(roles.length)}) AND status IN (${q(statuses.length)})
         ORDER BY content_hash LIMIT ?`,
      [...roles, ...statuses, limit],
    )) as { id: string }[]
  ).map((r) => r.id);
}
