/**
 * The document data a job prints, kept with the job in the kiosk's database (table job_data, migration 10)
 * from before its authorization: the station sends its digest with the authorization, central snapshots
 * the data its records give and refuses (`records_changed`) when they differ, and the print runner
 * renders from this copy, also after a restart, so the paper says exactly what central snapshotted.
 *
 * It is a person's record on a public machine: a trigger in the database wipes it (with an audit event)
 * in the same transaction that moves the job past the render (submitted, failed, cancelled; so before
 * central confirms it), and no crash can leave it behind. `secure_delete` overwrites the freed pages, so
 * the record is not left readable in the file either. A job from before this table has no row and
 * fetches its data as it always did.
 */
import { dataDigest } from '../../../lib/canonical-json.js';
import { guardStorage, type Db } from '../db.js';

export interface StoredJobData {
  data: Record<string, unknown>;
  /** lib/canonical-json.ts dataDigest of `data`: what the authorization carried. */
  digest: string;
}

export class JobDataStore {
  private readonly sql;

  constructor(private readonly db: Db) {
    // Per connection: a wiped record is overwritten with zeros, not just unlinked from the b-tree.
    db.pragma('secure_delete = ON');
    this.sql = {
      put: db.prepare(
        'INSERT INTO job_data (job_id, data, digest, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING',
      ),
      get: db.prepare<[string], { data: string; digest: string }>('SELECT data, digest FROM job_data WHERE job_id = ?'),
    };
  }

  /**
   * Keeps `data` for the job unless it already has data (a job keeps what its authorization was asked
   * with: asked again after a crash, it sends the same digest). Returns what is kept.
   */
  keep(jobId: string, data: Record<string, unknown>, at: string): StoredJobData {
    return guardStorage(this.db.name, () =>
      this.db.transaction(() => {
        this.sql.put.run(jobId, JSON.stringify(data), dataDigest(data), at);
        return this.get(jobId)!;
      })(),
    );
  }

  /**
   * The data kept for the job, or undefined (none kept, or wiped). A row whose data no longer matches its
   * digest (a damaged database) throws: the job must not print something central did not snapshot.
   */
  get(jobId: string): StoredJobData | undefined {
    const row = this.sql.get.get(jobId);
    if (!row) return undefined;
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (dataDigest(data) !== row.digest)
      throw new Error(`job ${jobId}: its stored document data does not match its digest; nothing printed from it`);
    return { data, digest: row.digest };
  }
}
