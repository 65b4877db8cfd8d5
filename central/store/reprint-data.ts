/**
 * What a staff reprint certifies, and who made it (issue #12, finding 7). A reprint replaces a document
 * whose paper never came out, so it says what the original said: the station prints the original's kept
 * data, and when the reprint's data digest is the original's, the reprint keeps the original's snapshot
 * rather than today's records. (A station that no longer holds the original's data fetches it again with
 * a card lookup; the reprint then certifies today's records, checked like any job.)
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';
import type { DocumentKind, Language } from '../../shared/domain.js';
import { AuthorizationRefused } from './types.js';
import { checkStaffGrant } from './staff-grants.js';

export interface ReprintDataRequest {
  personId: string;
  kind: DocumentKind;
  language: Language;
  reprintOf: string;
  staffGrant?: string | undefined;
}

/**
 * The data a staff reprint prints: the original's snapshot, with the office's seal put back when it is
 * still the one the snapshot names (then the digest is the original's, and the reprint keeps its
 * snapshot); otherwise the data the records give now (`current`). Only with a live staff grant of this
 * terminal, and only for an original of this terminal, for this person, kind and language, not printed,
 * not a reprint and not reprinted yet: a reprint opens that one document's data and nothing else.
 */
export async function reprintData(
  db: Sql,
  terminalId: string,
  req: ReprintDataRequest,
  nowMs: number,
  current: Record<string, unknown> | null,
): Promise<Record<string, unknown> | null> {
  const grant = await checkStaffGrant(db, terminalId, req.staffGrant, nowMs);
  if (!grant.ok)
    throw new AuthorizationRefused(
      'staff_required',
      `The data to reprint ${req.reprintOf} is refused: ${grant.why}. A reprint is a staff action.`,
    );
  const o = (await db.get(
    'SELECT terminal_id, person_id, kind, language, status, reprint_of, reprinted_as, snapshot FROM documents WHERE job_id = ?',
    [req.reprintOf],
  )) as
    | {
        terminal_id: string;
        person_id: string;
        kind: string;
        language: string;
        status: string;
        reprint_of: string | null;
        reprinted_as: string | null;
        snapshot: string | null;
      }
    | undefined;
  if (
    !o ||
    o.terminal_id !== terminalId ||
    o.person_id !== req.personId ||
    o.kind !== req.kind ||
    o.language !== req.language ||
    o.status === 'printed' ||
    o.reprint_of !== null ||
    o.reprinted_as !== null
  )
    throw new AuthorizationRefused(
      'job_conflict',
      `Job ${req.reprintOf} is not a document of this terminal that can be reprinted for ${req.personId}, ${req.kind}, ${req.language} (unknown, another terminal's, printed, a reprint, or already reprinted).`,
    );
  return (o.snapshot ? withSeal(JSON.parse(o.snapshot) as Record<string, unknown>, current) : null) ?? current;
}

/** The snapshot with the seal it names put back from `current`, or null when the seal changed since. */
function withSeal(
  snapshot: Record<string, unknown>,
  current: Record<string, unknown> | null,
): Record<string, unknown> | null {
  const uni = snapshot.university as Record<string, unknown> | undefined;
  if (!uni || typeof uni.sealSha256 !== 'string') return snapshot;
  const seal = (current?.university as Record<string, unknown> | undefined)?.seal;
  if (typeof seal !== 'string' || createHash('sha256').update(seal).digest('hex') !== uni.sealSha256) return null;
  const { sealSha256: _hash, ...rest } = uni;
  return { ...snapshot, university: { ...rest, seal } };
}

/** The original's snapshot, when the reprint prints exactly the original's data; otherwise undefined. */
export async function originalSnapshotFor(
  db: Sql,
  originalId: string,
  dataDigest: string | undefined,
): Promise<{ snapshot: string; digest: string } | undefined> {
  if (dataDigest === undefined) return undefined;
  const o = (await db.get('SELECT snapshot, data_digest FROM documents WHERE job_id = ?', [originalId])) as
    { snapshot: string | null; data_digest: string | null } | undefined;
  return o?.snapshot && o.data_digest === dataDigest ? { snapshot: o.snapshot, digest: o.data_digest } : undefined;
}

/** The staff member whose grant authorized the reprint, and their reason, on the reprint's document. */
export async function recordReprintStaff(db: Sql, jobId: string, staffId: string, reason: string): Promise<void> {
  await db.run('UPDATE documents SET reprint_staff_id = ?, reprint_reason = ? WHERE job_id = ?', [
    staffId,
    reason,
    jobId,
  ]);
}
