/**
 * The institution profile in the SQLite store: every `set` is a new version (who and when recorded),
 * none is ever changed or deleted, and the highest is in force. Seals are kept as PNG bytes per
 * version and office. Without any version, central is the demo university (DEMO_INSTITUTION).
 * SqliteCentralStore delegates here; nothing else touches `institution_versions` or `institution_seals`.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DEMO_INSTITUTION, type Institution, type StoredOffice } from '../../shared/institution.js';

/** One version of the profile as stored, with who set it and when. */
export interface InstitutionVersion {
  version: number;
  setAt: string;
  setBy: string;
  institution: Institution;
}

/** Stores `institution` as the next version and returns that version number. */
export function setInstitution(db: Database.Database, institution: Institution, setBy: string, at: string): number {
  const { offices, ...rest } = institution;
  return db
    .transaction(() => {
      const { highest } = db.prepare('SELECT MAX(version) AS highest FROM institution_versions').get() as {
        highest: number | null;
      };
      const version = (highest ?? 0) + 1;
      // The JSON holds each seal's digest, the bytes are in institution_seals.
      const profile = {
        ...rest,
        offices: offices.map(({ seal, ...o }) => (seal ? { ...o, sealSha256: sha256(seal) } : o)),
      };
      db.prepare('INSERT INTO institution_versions (version, profile, set_at, set_by) VALUES (?, ?, ?, ?)').run(
        version,
        JSON.stringify(profile),
        at,
        setBy,
      );
      const seal = db.prepare('INSERT INTO institution_seals (version, office_id, png, sha256) VALUES (?, ?, ?, ?)');
      for (const o of offices) if (o.seal) seal.run(version, o.id, Buffer.from(o.seal), sha256(o.seal));
      return version;
    })
    .immediate();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The version in force (the highest), or null when no profile was ever set. */
export function currentInstitution(db: Database.Database): InstitutionVersion | null {
  const row = db.prepare('SELECT version FROM institution_versions ORDER BY version DESC LIMIT 1').get() as
    { version: number } | undefined;
  return row ? institutionVersion(db, row.version) : null;
}

/** One stored version, with its seals, or null. */
export function institutionVersion(db: Database.Database, version: number): InstitutionVersion | null {
  const row = db.prepare('SELECT * FROM institution_versions WHERE version = ?').get(version) as
    { version: number; profile: string; set_at: string; set_by: string } | undefined;
  if (!row) return null;
  const seals = new Map(
    (
      db.prepare('SELECT office_id, png FROM institution_seals WHERE version = ?').all(version) as {
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
export function institutionHistory(db: Database.Database): { version: number; setAt: string; setBy: string }[] {
  return (
    db.prepare('SELECT version, set_at, set_by FROM institution_versions ORDER BY version').all() as {
      version: number;
      set_at: string;
      set_by: string;
    }[]
  ).map((r) => ({ version: r.version, setAt: r.set_at, setBy: r.set_by }));
}

/**
 * The profile in force, read once per version: documentData asks for every document, and a seal can be
 * a megabyte. A new version (from the CLI, another process) is seen at the next call.
 */
export class InstitutionCache {
  private cached: { version: number; institution: Institution } | null = null;

  constructor(private readonly db: Database.Database) {}

  get(): Institution {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM institution_versions').get() as { v: number | null };
    if (row.v === null) return DEMO_INSTITUTION;
    if (this.cached?.version !== row.v) {
      const current = institutionVersion(this.db, row.v)!;
      this.cached = { version: row.v, institution: current.institution };
    }
    return this.cached.institution;
  }
}

/** The timezone of the profile in force (the demo's without one): cheap, no seals read. */
export function institutionTimeZone(db: Database.Database): string {
  const row = db.prepare('SELECT profile FROM institution_versions ORDER BY version DESC LIMIT 1').get() as
    { profile: string } | undefined;
  return row ? (JSON.parse(row.profile) as Institution).timezone : DEMO_INSTITUTION.timezone;
}
