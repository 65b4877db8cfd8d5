/**
 * Template releases an admin withdrew (`estation template withdraw ID VERSION --reason TEXT`, issue #12,
 * finding 6): the release row stays (nothing is deleted; the audit says who withdrew it, when and why),
 * but central no longer offers it to any terminal nor serves its bytes (rollout.ts and releases.ts skip
 * it). Stations already using it go back through a signed rollback instruction, which the CLI sends
 * when the withdrawn version is the newest one offered. Nothing else touches `template_withdrawals`.
 */
import type { Sql } from '../../lib/sql/types.js';
import type { WithdrawTemplateResponse } from '../../shared/central-api.js';
import type { z } from 'zod';
import { RolloutRefused } from './rollout.js';

export type WithdrawnRelease = z.infer<typeof WithdrawTemplateResponse>;

export async function withdrawRelease(
  sql: Sql,
  id: string,
  version: string,
  reason: string,
  by: string,
  at: string,
): Promise<WithdrawnRelease> {
  return sql.transaction(async (db): Promise<WithdrawnRelease> => {
    if (!(await db.get('SELECT 1 FROM template_releases WHERE id = ? AND version = ?', [id, version])))
      throw new RolloutRefused(
        'unknown_release',
        `No release ${id} ${version} is published; check the id and version (estation template list).`,
      );
    const before = (await db.get(
      'SELECT withdrawn_by, withdrawn_at, reason FROM template_withdrawals WHERE id = ? AND version = ?',
      [id, version],
    )) as { withdrawn_by: string; withdrawn_at: string; reason: string } | undefined;
    if (before)
      throw new RolloutRefused(
        'already_withdrawn',
        `Release ${id} ${version} was withdrawn already, by ${before.withdrawn_by} at ${before.withdrawn_at} ("${before.reason}").`,
      );
    await db.run(
      'INSERT INTO template_withdrawals (id, version, reason, withdrawn_by, withdrawn_at) VALUES (?, ?, ?, ?, ?)',
      [id, version, reason, by, at],
    );
    return { id, version, reason, withdrawnBy: by, withdrawnAt: at };
  });
}
