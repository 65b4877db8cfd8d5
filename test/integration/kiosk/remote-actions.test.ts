/**
 * Remote actions at a real station (issue #18): the hosted kiosk with its built-in central, heartbeating
 * every second; staff ask at central (central/actions/request.ts), the heartbeat answer carries the
 * action, the station runs it and answers. Each action, the privacy refusal, the host's hooks (restart,
 * screenshot), exactly once per id when central carries it again, and an action a restart interrupted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StationAction } from '../../../central/store/station-actions.js';
import type { HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { heldOut } from '../../../main/core/station/held-out.js';
import { lostJob, tapCard as tap } from '../../helpers/lost-job.js';
import { waitFor } from '../../helpers/pty.js';
import { askAsStaff, demoStaff as staffOf, openRemoteStation, untilAction } from '../../helpers/remote-station.js';

let kiosk: HostedKiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function station(name: string): Promise<HostedKiosk> {
  const k = (kiosk = await openRemoteStation(name));
  await k.core.start();
  return k;
}

/** Asks the station for an action as the demo's staff member (an admin) and waits for its outcome. */
async function act(k: HostedKiosk, action: string, params: unknown = {}): Promise<StationAction> {
  return untilAction(k, (await askAsStaff(k, action, params)).id);
}

describe('remote actions at a station', () => {
  it('takes the station out of service and back, and a restart keeps it out', async () => {
    const k = await station('service');
    expect(await act(k, 'out_of_service')).toMatchObject({
      state: 'done',
      outcome: expect.stringMatching(/out of service/),
    });
    expect(k.core.getStatus()).toMatchObject({ outOfService: true });
    expect(k.core.getStatus().reasons.map((r) => r.en)).toContain('Staff have taken this station out of service');
    expect(heldOut(k.db)).toMatchObject({ staff: staffOf(k).id, reason: 'checked from the office' });
    const reopened = (kiosk = await k.reopen());
    await reopened.core.start();
    expect(reopened.core.getStatus().outOfService).toBe(true);
    expect(await act(reopened, 'back_in_service')).toMatchObject({ state: 'done' });
    expect(reopened.core.getStatus().reasons.map((r) => r.en)).not.toContain(
      'Staff have taken this station out of service',
    );
    expect(heldOut(reopened.db)).toBeNull();
  });

  it('sends the last N log lines, and says when there is nothing to sync', async () => {
    const k = await station('logs');
    const logs = await act(k, 'logs', { lines: 3 });
    expect(logs).toMatchObject({ state: 'done', outcome: expect.stringMatching(/^3 log lines/) });
    expect(logs.logLines).toHaveLength(3);
    expect(JSON.parse(logs.logLines!.at(-1)!)).toHaveProperty('msg');
    // This station trusts no publisher key: nothing to sync, and it says so instead of claiming success.
    expect(await act(k, 'sync')).toMatchObject({
      state: 'failed',
      outcome: expect.stringMatching(/no publisher keys/),
    });
  });

  it('refuses a screenshot while a person is signed in, takes it through the host when free, or says unsupported', async () => {
    const k = await station('screenshot');
    expect(await act(k, 'screenshot')).toMatchObject({
      state: 'failed',
      outcome: expect.stringMatching(/^unsupported/),
    });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    let captured = 0;
    k.core.setHost({
      screenshot: async () => {
        captured++;
        return png;
      },
    });
    const student = k.central!.people.find((p) => p.role === 'student')!;
    await tap(k, student.card, 'active');
    expect(await act(k, 'screenshot')).toMatchObject({ state: 'refused', outcome: expect.stringMatching(/privacy/) });
    expect(captured).toBe(0);
    k.core.endSession();
    const shot = await act(k, 'screenshot');
    expect(shot).toMatchObject({ state: 'done', hasScreenshot: true });
    expect(await k.central!.store.stationActions.screenshot(shot.id)).toEqual(png);
    expect(captured).toBe(1);
  });

  it('restarts through the host, and answers done from the restarted app', async () => {
    const k = await station('restart');
    let restarts = 0;
    k.core.setHost({
      restart: () => {
        restarts++;
      },
    });
    const asked = await askAsStaff(k, 'restart', {}, 'the screen froze');
    await waitFor(() => restarts === 1, 'the host to be asked to restart');
    // The app restarts (here: the same kiosk opened again, as web mode does): the new one answers done.
    const next = (kiosk = await k.reopen());
    await next.core.start();
    const state = await untilAction(next, asked.id, ['done']);
    expect(state.outcome).toMatch(/restarted/);
    // Carried again (its answer was recorded once): the restart is not run a second time.
    expect(restarts).toBe(1);
  });

  it('runs an action once per id when central carries it again, and answers a repeat with the kept answer', async () => {
    const k = await station('once');
    const done = await act(k, 'out_of_service');
    // Central lost the answer (a heartbeat answer lost on the way back): make it carry the action again.
    k.core.setHost({});
    await k.central!.store.sql.run(
      "UPDATE station_actions SET state = 'delivered', outcome = NULL, finished_at = NULL WHERE id = ?",
      [done.id],
    );
    // Meanwhile staff put it back in service at the station's own table; a second run would take it out again.
    k.db.prepare('DELETE FROM held_out_of_service').run();
    const again = await untilAction(k, done.id, ['done']);
    expect(again.outcome).toBe(done.outcome);
    expect(heldOut(k.db)).toBeNull();
    const runs = k.log.recent().filter((l) => l.includes('"remote action"') && l.includes(done.id));
    expect(runs).toHaveLength(1);
  });

  it('answers an action a restart interrupted as failed, without running it again', async () => {
    const k = await station('interrupted');
    // The power went while the station ran an action: the app is opened again, not started yet.
    const next = (kiosk = await k.reopen());
    const asked = await askAsStaff(k, 'out_of_service', {}, 'interrupted by a power cut');
    // It had begun the action (its row is running), and nothing else happened.
    next.db
      .prepare("INSERT INTO remote_actions (id, action, state, received_at) VALUES (?, 'out_of_service', 'running', ?)")
      .run(asked.id, new Date().toISOString());
    await next.core.start();
    const state = await untilAction(next, asked.id, ['failed']);
    expect(state.outcome).toMatch(/not run again/);
    expect(next.core.getStatus().reasons.map((r) => r.en)).not.toContain(
      'Staff have taken this station out of service',
    );
  });
  it('resolves a job that needs attention: a reprint under the reprint rules with a grant central issued, or says why not', async () => {
    const k = await station('resolve');
    const central = k.central!;
    const lost = await lostJob(k);
    k.core.endSession();
    const reprint = await act(k, 'resolve_job', { jobId: lost, decision: 'reprint' });
    expect(reprint).toMatchObject({ state: 'done', outcome: expect.stringMatching(/printed again as job/) });
    const newJobId = /as job (\S+)\./.exec(reprint.outcome!)![1]!;
    await waitFor(() => k.jobs.get(newJobId).status === 'confirmed', 'the reprint printed', 60_000);
    // Central's reprint rules held: the original's free copy moved, the staff member and reason are on record.
    expect(await central.store.document(newJobId)).toMatchObject({ status: 'printed', reprintOf: lost });
    expect(
      central.store.db.prepare('SELECT reprint_staff_id, reprint_reason FROM documents WHERE job_id = ?').get(newJobId),
    ).toEqual({ reprint_staff_id: staffOf(k).id, reprint_reason: expect.stringMatching(/^checked from the office/) });
    expect(k.jobs.get(lost).status).not.toBe('needs_attention');
    // The same job again: it no longer needs attention, and the answer says so; nothing changes.
    expect(await act(k, 'resolve_job', { jobId: lost, decision: 'cancel' })).toMatchObject({
      state: 'failed',
      outcome: expect.stringMatching(/not waiting for staff/),
    });
  });
});
