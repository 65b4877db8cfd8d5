/**
 * What central keeps to prove a document's content (issue #15; docs/central.md "Verification"): the
 * snapshot of the facts it certified at authorize, the digests the station reports when it printed, the
 * views of the verification page, and revocations. Plain functions on the database, called by the store.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';
import { appendAudit } from './audit.js';
import { canonicalJson, dataDigest } from '../../lib/canonical-json.js';

/**
 * The snapshot kept for a document: its data as documentData gave it, except the office's scanned seal
 * (tens of kilobytes, the same on every document of an office), which is replaced by its SHA-256
 * (`sealSha256`). The data digest is taken over the data as sent, seal included, so it is the one the
 * station computes.
 */
export function snapshotOf(data: Record<string, unknown>): { snapshot: string; digest: string } {
  // The snapshot shares every part of the data but the top and `university`: each part is written once.
  const memo = new WeakMap<object, string>();
  const digest = dataDigest(data, memo);
  const university = data.university as Record<string, unknown> | undefined;
  const kept =
    university && typeof university.seal === 'string'
      ? {
          ...data,
          university: {
            ...university,
            seal: undefined,
            sealSha256: createHash('sha256').update(university.seal).digest('hex'),
          },
        }
      : data;
  return { snapshot: canonicalJson(kept, memo), digest };
}

/** One more view of the page for the document with this code (every view counts, the holder's record shows it). */
export async function countView(db: Sql, code: string, at: string): Promise<void> {
  await db.run('UPDATE documents SET view_count = view_count + 1, last_viewed_at = ? WHERE verification_code = ?', [
    at,
    code.trim().toUpperCase(),
  ]);
}

/** What the verification page adds to a document's record (null members: not known). */
export interface ProofFacts {
  snapshot: Record<string, unknown> | null;
  dataDigest: string | null;
  fileSha256: string | null;
  contentDigest: string | null;
  revoked: { at: string; reason: string } | null;
  /** The serial of the reprint that replaced it, once that reprint was printed. */
  supersededBy: string | null;
  viewCount: number;
  lastViewedAt: string | null;
}

export async function proofFacts(db: Sql, jobId: string): Promise<ProofFacts | null> {
  const d = (await db.get(
    `SELECT d.snapshot, d.data_digest, d.file_sha256, d.content_digest, d.revoked_at, d.revoked_reason, d.view_count,
              d.last_viewed_at, r.serial AS reprint_serial
       FROM documents d LEFT JOIN documents r ON r.job_id = d.reprinted_as AND r.status = 'printed'
       WHERE d.job_id = ?`,
    [jobId],
  )) as
    | {
        snapshot: string | null;
        data_digest: string | null;
        file_sha256: string | null;
        content_digest: string | null;
        revoked_at: string | null;
        revoked_reason: string | null;
        view_count: number;
        last_viewed_at: string | null;
        reprint_serial: string | null;
      }
    | undefined;
  if (!d) return null;
  return {
    snapshot: d.snapshot ? (JSON.parse(d.snapshot) as Record<string, unknown>) : null,
    dataDigest: d.data_digest,
    fileSha256: d.file_sha256,
    contentDigest: d.content_digest,
    revoked: d.revoked_at ? { at: d.revoked_at, reason: d.revoked_reason ?? '' } : null,
    supersededBy: d.reprint_serial,
    viewCount: d.view_count,
    lastViewedAt: d.last_viewed_at,
  };
}

/** A document by its serial as staff read it (`estation central documents show`), or null. */
export async function documentBySerial(
  db: Sql,
  serial: string,
): Promise<(Record<string, unknown> & { job_id: string; serial: string }) | null> {
  return (
    ((await db.get('SELECT * FROM documents WHERE serial = ?', [serial.trim().toUpperCase()])) as
      (Record<string, unknown> & { job_id: string; serial: string }) | undefined) ?? null
  );
}

export class RevocationRefused extends Error {
  override name = 'RevocationRefused';
}

/**
 * Revokes a document (lost, issued in error): the page then says so, with the reason. Never undone, never
 * deleted; a second revocation is refused and names the first.
 */
export async function revokeDocument(
  sql: Sql,
  serial: string,
  reason: string,
  by: string,
  at: string,
): Promise<{ serial: string; revokedAt: string }> {
  const why = reason.trim();
  if (!why) throw new RevocationRefused('Give the reason for the revocation (--reason TEXT); the page shows it.');
  return sql.transaction((db) => revokeIn(db, serial, why, by, at));
}

/** revokeDocument inside its transaction: the revocation and its audit event commit together. */
async function revokeIn(db: Sql, serial: string, why: string, by: string, at: string) {
  if (why.length > 300) throw new RevocationRefused('The reason is longer than 300 characters; say it shorter.');
  const d = await documentBySerial(db, serial);
  if (!d)
    throw new RevocationRefused(
      `No document has the serial ${serial}: check it against the paper (it looks like DU-2026-000123).`,
    );
  if (d.revoked_at)
    throw new RevocationRefused(
      `Document ${d.serial} was already revoked on ${String(d.revoked_at)} by ${String(d.revoked_by)}: "${String(d.revoked_reason)}". Nothing was changed.`,
    );
  await db.run('UPDATE documents SET revoked_at = ?, revoked_reason = ?, revoked_by = ? WHERE job_id = ?', [
    at,
    why,
    by,
    d.job_id,
  ]);
  const terminalId = d.terminal_id as string;
  await appendAudit(db, { at, actor: by, action: 'document.revoked', terminalId, target: d.serial, reason: why });
  return { serial: d.serial, revokedAt: at };
}
