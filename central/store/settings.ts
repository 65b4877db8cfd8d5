/**
 * Settings releases in the SQLite store: versions only go up, each is written once and served unchanged.
 * SqliteCentralStore delegates here; nothing else touches `settings_releases`.
 */
import { jsonArrayValues } from '../../lib/sql/dialect.js';
import type { Sql } from '../../lib/sql/types.js';
import type { SettingsRelease, SignedRelease } from '../../shared/central-api.js';
import { releaseSha256 } from './releases.js';
import { MAX_SETTINGS_STEP, SettingsVersionNotNewer, type PublishedSettings } from './types.js';

export async function insertSettings(
  sql: Sql,
  signed: SignedRelease,
  release: SettingsRelease,
  publishedBy: string,
  at: string,
): Promise<PublishedSettings> {
  const sha256 = releaseSha256(signed);
  // One immediate transaction: of two admins publishing at once, the second sees the first's version.
  await sql.transaction(async (db) => {
    const { highest } = (await db.get('SELECT MAX(version) AS highest FROM settings_releases')) as {
      highest: number | null;
    };
    const floor = highest ?? 0;
    if (release.version <= floor || release.version > floor + MAX_SETTINGS_STEP)
      throw new SettingsVersionNotNewer(release.version, floor);
    await db.run(
      `INSERT INTO settings_releases (version, release, signature, key_id, sha256, terminals, published_at, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        release.version,
        signed.release,
        signed.signature,
        signed.keyId,
        sha256,
        JSON.stringify(release.terminals),
        at,
        publishedBy,
      ],
    );
  });
  return { version: release.version, sha256 };
}

/** The highest-version release addressed to this terminal or to `*`, exactly as published, or null. */
export async function currentSettingsFor(db: Sql, terminalId: string): Promise<SignedRelease | null> {
  const r = (await db.get(
    `SELECT release, signature, key_id FROM settings_releases
       WHERE EXISTS (SELECT 1 FROM ${jsonArrayValues(db, 'settings_releases.terminals')} WHERE value IN (?, '*'))
       ORDER BY version DESC LIMIT 1`,
    [terminalId],
  )) as { release: string; signature: string; key_id: string } | undefined;
  return r ? { release: r.release, signature: r.signature, keyId: r.key_id } : null;
}
