/**
 * Settings releases in the SQLite store: versions only go up, each is written once and served unchanged.
 * SqliteCentralStore delegates here; nothing else touches `settings_releases`.
 */
import type Database from 'better-sqlite3';
import type { SettingsRelease, SignedRelease } from '../../shared/central-api.js';
import { releaseSha256 } from './releases.js';
import { MAX_SETTINGS_STEP, SettingsVersionNotNewer, type PublishedSettings } from './types.js';

export function insertSettings(
  db: Database.Database,
  signed: SignedRelease,
  release: SettingsRelease,
  publishedBy: string,
  at: string,
): PublishedSettings {
  const sha256 = releaseSha256(signed);
  // One immediate transaction: of two admins publishing at once, the second sees the first's version.
  db.transaction(() => {
    const { highest } = db.prepare('SELECT MAX(version) AS highest FROM settings_releases').get() as {
      highest: number | null;
    };
    const floor = highest ?? 0;
    if (release.version <= floor || release.version > floor + MAX_SETTINGS_STEP)
      throw new SettingsVersionNotNewer(release.version, floor);
    db.prepare(
      `INSERT INTO settings_releases (version, release, signature, key_id, sha256, terminals, published_at, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      release.version,
      signed.release,
      signed.signature,
      signed.keyId,
      sha256,
      JSON.stringify(release.terminals),
      at,
      publishedBy,
    );
  }).immediate();
  return { version: release.version, sha256 };
}

/** The highest-version release addressed to this terminal or to `*`, exactly as published, or null. */
export function currentSettingsFor(db: Database.Database, terminalId: string): SignedRelease | null {
  const r = db
    .prepare(
      `SELECT release, signature, key_id FROM settings_releases
       WHERE EXISTS (SELECT 1 FROM json_each(settings_releases.terminals) WHERE value IN (?, '*'))
       ORDER BY version DESC LIMIT 1`,
    )
    .get(terminalId) as { release: string; signature: string; key_id: string } | undefined;
  return r ? { release: r.release, signature: r.signature, keyId: r.key_id } : null;
}
