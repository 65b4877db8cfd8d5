/**
 * The institution profile in the SQLite store: every `set` is a new version (who and when recorded),
 * none is ever changed or deleted, and the highest is in force. Seals are kept as PNG bytes per
 * version and office. Without any version, central is the demo university (DEMO_INSTITUTION).
 * SqliteCentralStore delegates here; nothing else touches `institution_versions` or `institution_seals`.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';
import { DEMO_INSTITUTION, type Institution, type StoredOffice } from '../../shared/institution.js';

/** One version of the profile as stored, with who set it and when. */
export interface InstitutionVersion {
  version: number;
  setAt: string;
  setBy: string;
  institution: Institution;
}

/** Stores `institution` as the next version and returns that version number. */
export async function setInstitution(sql: Sql, institution: Institution, setBy: string, at: string): Promise<number> {
  const { offices, ...rest } = institution;
  return sql.transaction(async (db) => {
    const { highest } = (await db.get('SELECT MAX(version) AS highest FROM institution_versions')) as {
      highest: number | null;
    };
    const version = (highest ?? 0) + 1;
    // The JSON holds each seal's digest, the bytes are in institution_seals.
    const profile = {
      ...rest,
      offices: offices.map(({ seal, ...o }) => (seal ? { ...o, sealSha256: sha256(seal) } : o)),
    };
    await db.run('INSERT INTO institution_versions (version, profile, set_at, set_by) VALUES (?, ?, ?, ?)', [
      version,
      JSON.stringify(profile),
      at,
      setBy,
    ]);
    for (const o of offices)
      if (o.seal)
        await db.run('INSERT INTO institution_seals (version, office_id, png, sha256) VALUES (?, ?, ?, ?)', [
          version,
          o.id,
          Buffer.from(o.seal),
          sha256(o.seal),
        ]);
    return version;
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The version in force (the highest), or null when no profile was ever set. */
export async function currentInstitution(db: Sql): Promise<InstitutionVersion | null> {
  const row = (await db.get('SELECT version FROM institution_versions ORDER BY version DESC LIMIT 1')) as
    { version: number } | undefined;
  return row ? institutionVersion(db, row.version) : null;
}

/** One stored version, with its seals, or null. */
export async function institutionVersion(db: Sql, version: number): Promise<InstitutionVersion | null> {
  const row = (await db.get('SELECT * FROM institution_versions WHERE version = ?', [version])) as
    { version: number; profile: string; set_at: string; set_by: string } | undefined;
  if (!row) return null;
  const seals = new Map(
    (
      (await db.all('SELECT office_id, png FROM institution_seals WHERE version = ?', [version])) as {
        office_id: string;
        png: Buffer;
      }[]
    ).map((s) => [s.office_id, new Uint8Array(s.png)]),
  );
  const stored = JSON.parse(row.profile) as Omit<Institution, 'offices'> & {
    offices: (Omit<StoredOffice, 'seal'> & { sealSha256?: string })[];
  };
  const offices = stored.offices.map(({ sealSha256: _digest, ...o }): StoredOffice => {
    const seal = seals.get(o.id);
    return seal ? { ...o, seal } : o;
  });
  return { version: row.version, setAt: row.set_at, setBy: row.set_by, institution: { ...stored, offices } };
}

/** Every version, oldest first, without the profiles (for `estation central institution show`). */
export async function institutionHistory(db: Sql): Promise<{ version: number; setAt: string; setBy: string }[]> {
  return (
    (await db.all('SELECT version, set_at, set_by FROM institution_versions ORDER BY version')) as {
      version: number;
      set_at: string;
      set_by: string;
    }[]
  ).map((r) => ({ version: r.version, setAt: r.set_at, setBy: r.set_by }));
}

/** The timezone of the profile in force (the demo's without one): cheap, no seals read. */
export async function institutionTimeZone(db: Sql): Promise<string> {
  const row = (await db.get('SELECT profile FROM institution_versions ORDER BY version DESC LIMIT 1')) as
    { profile: string } | undefined;
  return row ? (JSON.parse(row.profile) as Institution).timezone : DEMO_INSTITUTION.timezone;
}
