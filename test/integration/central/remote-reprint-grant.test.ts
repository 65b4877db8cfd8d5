/**
 * A remote reprint's staff grant (central/actions/delivery.ts, issue #18): carried with the action for the
 * staff member who asked, as they are at delivery (an action may wait hours for an offline station). A
 * staff account disabled or moved to another site meanwhile gets the action refused, not carried; a grant
 * carried is in the audit as the remote action, never as maintenance opened at the station.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsToCarry } from '../../../central/actions/delivery.js';
import { addStaff, setStaff, setTerminalSite } from '../../../central/store/staff-accounts.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { hashPin } from '../../../lib/pin-hash.js';

let dir = '';
let store: SqliteCentralStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-remote-grant-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  await store.enrollTerminal('lib-1', 'Library');
  await setTerminalSite(store.sql, 'lib-1', 'east/library');
  for (const id of ['op-1', 'op-2'])
    await addStaff(
      store.sql,
      { id, card: `91000000${id.slice(-1)}0`, name: id, role: 'operator', sites: ['east'], pinHash: hashPin('135790') },
      new Date().toISOString(),
    );
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const reprint = (id: string, by: string) =>
  store.stationActions.request({
    id,
    terminalId: 'lib-1',
    action: 'resolve_job',
    params: { jobId: `job-${id}`, decision: 'reprint' },
    reason: 'the page jammed',
    by,
    via: 'dashboard',
    expiresInMs: 3_600_000,
  });

describe("a remote reprint's staff grant", () => {
  it('is carried for a staff member still of the site, a new one each delivery, audited as the action only', async () => {
    await reprint('r1', 'op-1');
    const first = await actionsToCarry(store, 'lib-1');
    const again = await actionsToCarry(store, 'lib-1');
    expect(first.map((a) => a.id)).toEqual(['r1']);
    expect(first[0]!.staffGrant).toEqual(expect.any(String));
    expect(again[0]!.staffGrant).not.toBe(first[0]!.staffGrant);
    const audit = await store.searchAudit({ scopeSites: null, terminalId: 'lib-1' });
    expect(audit.rows.map((r) => r.action)).not.toContain('station.maintenance_opened');
    expect(audit.rows.filter((r) => r.action === 'station.action.resolve_job')).toHaveLength(1);
  });

  it('is refused, not carried, when the staff member was disabled or left the site after asking', async () => {
    await reprint('r2', 'op-2');
    await setStaff(store.sql, 'op-2', { sites: ['west'] }, new Date().toISOString());
    const carried = await actionsToCarry(store, 'lib-1');
    expect(carried.map((a) => a.id)).not.toContain('r2');
    expect(await store.stationActions.byId('r2')).toMatchObject({
      state: 'refused',
      outcome: expect.stringMatching(/Not carried to the station: this station is at site east\/library/),
    });
  });
});
