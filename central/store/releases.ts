/**
 * Template releases in the SQLite store: each (id, version) is written once and served unchanged.
 * SqliteCentralStore delegates here; nothing else touches `template_releases`.
 */
import { createHash } from 'node:crypto';
import { isUniqueViolation, type Sql } from '../../lib/sql/types.js';
import type { ReleaseInfo, SignedRelease } from '../../shared/central-api.js';
import type { DocumentKind, Language } from '../../shared/domain.js';
import { ReleaseExists, type ReleaseHeader } from './types.js';
import { compareVersions } from '../../shared/semver.js';

/** The columns of a release that ReleaseInfo is made of. */
export interface InfoRow {
  id: string;
  version: string;
  kind: string;
  language: string;
  sha256: string;
  key_id: string;
  published_at: string;
}

export const toInfo = (r: InfoRow): ReleaseInfo => ({
  id: r.id,
  version: r.version,
  kind: r.kind as DocumentKind,
  language: r.language as Language,
  sha256: r.sha256,
  keyId: r.key_id,
  publishedAt: r.published_at,
});

export { compareVersions } from '../../shared/semver.js';

/** Hex SHA-256 of a signed release's decoded bytes (what the signature covers). */
export const releaseSha256 = (signed: SignedRelease): string =>
  createHash('sha256').update(Buffer.from(signed.release, 'base64url')).digest('hex');

export async function insertRelease(
  db: Sql,
  signed: SignedRelease,
  h: ReleaseHeader,
  publishedBy: string,
  at: string,
): Promise<ReleaseInfo> {
  const sha256 = releaseSha256(signed);
  const row: InfoRow = {
    id: h.id,
    version: h.version,
    kind: h.kind,
    language: h.language,
    sha256,
    key_id: signed.keyId,
    published_at: at,
  };
  // The primary key decides atomically: of two admins publishing the same version at once, one gets 409.
  try {
    await db.run(
      `INSERT INTO template_releases (id, version, kind, language, release, signature, key_id, sha256, published_at, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.version,
        row.kind,
        row.language,
        signed.release,
        signed.signature,
        row.key_id,
        sha256,
        at,
        publishedBy,
      ],
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw new ReleaseExists(h.id, h.version);
    throw err;
  }
  return toInfo(row);
}

export async function latestReleases(db: Sql): Promise<ReleaseInfo[]> {
  const rows = (await db.all(`SELECT id, version, kind, language, sha256, key_id, published_at FROM template_releases r
       WHERE NOT EXISTS (SELECT 1 FROM template_withdrawals w WHERE w.id = r.id AND w.version = r.version) ORDER BY id`)) as InfoRow[];
  const latest = new Map<string, InfoRow>();
  for (const r of rows) {
    const best = latest.get(r.id);
    if (!best || compareVersions(r.version, best.version) > 0) latest.set(r.id, r);
  }
  return [...latest.values()].map(toInfo);
}

export async function releaseOf(db: Sql, id: string, version: string): Promise<SignedRelease | null> {
  const r = (await db.get(
    `SELECT release, signature, key_id FROM template_releases r WHERE id = ? AND version = ?
       AND NOT EXISTS (SELECT 1 FROM template_withdrawals w WHERE w.id = r.id AND w.version = r.version)`,
    [id, version],
  )) as { release: string; signature: string; key_id: string } | undefined;
  return r ? { release: r.release, signature: r.signature, keyId: r.key_id } : null;
}
