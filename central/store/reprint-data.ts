/**
 * What a staff reprint certifies, and who made it (issue #12, finding 7). A reprint replaces a document
 * whose paper never came out, so it says what the original said: the station prints the original's kept
 * data, and when the reprint's data digest is the original's, the reprint keeps the original's snapshot
 * rather than today's records. (A station that no longer holds the original's data fetches it again with
 * a card lookup; the reprint then certifies today's records, checked like any job.)
 */
import type Database from 'better-sqlite3';

/** The original's snapshot, when the reprint prints exactly the original's data; otherwise undefined. */
export function originalSnapshotFor(
  db: Database.Database,
  originalId: string,
  dataDigest: string | undefined,
): { snapshot: string; digest: string } | undefined {
  if (dataDigest === undefined) return undefined;
  const o = db.prepare('SELECT snapshot, data_digest FROM documents WHERE job_id = ?').get(originalId) as
    { snapshot: string | null; data_digest: string | null } | undefined;
  return o?.snapshot && o.data_digest === dataDigest ? { snapshot: o.snapshot, digest: o.data_digest } : undefined;
}

/** The staff member whose grant authorized the reprint, and their reason, on the reprint's document. */
export function recordReprintStaff(db: Database.Database, jobId: string, staffId: string, reason: string): void {
  db.prepare('UPDATE documents SET reprint_staff_id = ?, reprint_reason = ? WHERE job_id = ?').run(
    staffId,
    reason,
    jobId,
  );
}
