/**
 * The alert webhook's delivery state (issue #16), in the database so that every raised and cleared
 * transition (alert-history.ts) reaches each webhook once, whichever central instance sends it and across
 * restarts: `alert_webhooks` (each URL and since when central delivers to it) and `alert_deliveries` (one
 * row per transition and URL: claimed by an instance for a while, sent, or failed and due again).
 *
 * An instance claims the due rows in one transaction (another instance's claim of the same rows conflicts
 * and is run again, then finds them taken), sends them, and marks them sent with its claim; a failed send
 * leaves them due again after a pause. A claim lapses after CLAIM_MS, so rows claimed by an instance that
 * died are sent by another. The one repeat left is an instance that dies between the receiver's 2xx and
 * marking the rows sent: the receiver then gets those transitions again, with the same `event` ids.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../lib/sql/types.js';
import { toAlertRecord, type AlertRecord } from './alert-history.js';

/** How long a claim holds: well beyond a send's 10 s timeout. */
export const CLAIM_MS = 60_000;
/** Transitions older than this are not queued for a webhook any more (one that was down longer misses them). */
export const QUEUE_WINDOW_MS = 7 * 24 * 3600_000;
/** At most this many transitions in one POST. */
const BATCH = 200;

export type Transition = 'raised' | 'cleared';

export interface Delivery {
  transition: Transition;
  alert: AlertRecord;
}

export interface Claim {
  id: string;
  url: string;
  deliveries: Delivery[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Registers `url` (the first time: from `at` on, plus the alerts open then) and queues its new transitions. */
export async function queueDeliveries(db: Sql, url: string, at: Date): Promise<void> {
  await db.run('INSERT INTO alert_webhooks (url, since) VALUES (?, ?) ON CONFLICT DO NOTHING', [url, at.toISOString()]);
  const since = (await db.get<{ since: string }>('SELECT since FROM alert_webhooks WHERE url = ?', [url]))!.since;
  const from = since > iso(at.getTime() - QUEUE_WINDOW_MS) ? since : iso(at.getTime() - QUEUE_WINDOW_MS);
  await db.run(
    `INSERT INTO alert_deliveries (history_id, transition, url)
       SELECT id, 'raised', ? FROM alert_history WHERE raised_at >= ? OR cleared_at IS NULL
     ON CONFLICT DO NOTHING`,
    [url, from],
  );
  // A clear only follows a raise this webhook was sent (or has queued): never a clear of an alert it never saw.
  await db.run(
    `INSERT INTO alert_deliveries (history_id, transition, url)
       SELECT h.id, 'cleared', d.url FROM alert_history h
         JOIN alert_deliveries d ON d.history_id = h.id AND d.transition = 'raised' AND d.url = ?
        WHERE h.cleared_at >= ?
     ON CONFLICT DO NOTHING`,
    [url, from],
  );
}

/**
 * Claims the transitions due for `url`, oldest first; null if none, or while any of its transitions is
 * claimed or waiting to be tried again: a webhook gets its transitions in order (never a clear before its
 * raise) and from one instance at a time.
 */
export async function claimDeliveries(db: Sql, url: string, at: Date): Promise<Claim | null> {
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const busy = await tx.get(
      'SELECT 1 AS busy FROM alert_deliveries WHERE url = ? AND sent_at IS NULL AND claimed_until > ? LIMIT 1',
      [url, at.toISOString()],
    );
    if (busy) return null;
    const rows = await tx.all<Record<string, unknown> & { transition: Transition }>(
      `SELECT d.transition, h.* FROM alert_deliveries d JOIN alert_history h ON h.id = d.history_id
        WHERE d.url = ? AND d.sent_at IS NULL
        ORDER BY h.id, d.transition DESC LIMIT ${BATCH}`,
      [url],
    );
    if (!rows.length) return null;
    for (const r of rows)
      await tx.run(
        'UPDATE alert_deliveries SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE history_id = ? AND transition = ? AND url = ?',
        [id, iso(at.getTime() + CLAIM_MS), Number(r.id), r.transition, url],
      );
    return {
      id,
      url,
      deliveries: rows.map((r) => ({ transition: r.transition, alert: toAlertRecord(r as never) })),
    };
  });
}

/** The receiver took the claim's transitions: they are never sent again. */
export async function markSent(db: Sql, claim: Claim, at: Date): Promise<void> {
  await db.run(
    'UPDATE alert_deliveries SET sent_at = ?, claimed_until = NULL, last_error = NULL WHERE claimed_by = ?',
    [at.toISOString(), claim.id],
  );
}

/** The send failed: the claim's transitions are due again after `retryAfterMs`, with the reason kept. */
export async function markFailed(db: Sql, claim: Claim, at: Date, error: string, retryAfterMs: number): Promise<void> {
  await db.run(
    'UPDATE alert_deliveries SET claimed_by = NULL, claimed_until = ?, last_error = ? WHERE claimed_by = ? AND sent_at IS NULL',
    [iso(at.getTime() + retryAfterMs), error.slice(0, 500), claim.id],
  );
}
