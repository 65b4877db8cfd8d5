/**
 * What a staff reprint carries to central (issue #12, finding 7): a live staff grant of the terminal, as
 * /v1/staff/verify gives one, and a reason. For tests that drive the store directly.
 */
import type { SqliteCentralStore } from '../../central/store/sqlite.js';

export async function staffReprint(
  store: SqliteCentralStore,
  terminalId: string,
  reason = 'paper_jam',
): Promise<{ staffGrant: string; reason: string }> {
  const { token } = await store.issueStaffGrant(terminalId, 'S00001');
  return { staffGrant: token, reason };
}
