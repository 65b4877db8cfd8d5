/**
 * Remote actions at a real station (issue #18): the hosted kiosk with its built-in central, heartbeating
 * every second; staff ask at central (central/actions/request.ts), the heartbeat answer carries the
 * action, the station runs it and answers. Each action, the privacy refusal, the host's hooks (restart,
 * screenshot), exactly once per id when central carries it again, and an action a restart interrupted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { askStation } from '../../../central/actions/request.js';
import type { StationAction } from '../../../central/store/station-actions.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { createLogger } from '../../../main/core/log.js';
import { heldOut } from '../../../main/core/station/held-out.js';
import { FINISHED_STATES } from '../../../shared/station-actions.js';
import { waitFor } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function station(name: string): Promise<HostedKiosk> {
  const base = mkdtempSync(join(tmpdir(), `estation-remote-${name}-`));
  const k = (kiosk = await createHostedKiosk(
    parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      central: { url: 'embedded', heartbeatS: 1 },
    }),
    { log: createLogger({ write: () => {} }), renderInWorker: false },
  ));
  await k.core.start();
  return k;
}

const staffOf = (k: HostedKiosk) => k.central!.people.find((p) => p.role === 'staff')!;

/** Asks the station for an action as the demo's staff member (an admin) and waits for its outcome. */
async function act(k: HostedKiosk, action: string, params: unknown = {}): Promise<StationAction> {
  const store = k.central!.store;
  const asked = await askStation(store, {
    terminalId: k.config.terminal.id,
    action,
    params,
    reason: 'checked from the office',
    staffId: staffOf(k).id,
    via: 'test',
  });
  if (!asked.ok) throw new Error(asked.message);
  let now: StationAction | null = asked.action;
  const poll = async () => {
    now = await store.stationAction(asked.action.id);
  };
  await waitFor(
    () => (void poll(), now !== null && FINISHED_STATES.includes(now.state)),
    `${action} to finish`,
    30_000,
  );
  return now!;
}

async function tap(k: HostedKiosk, card: string, state: string): Promise<void> {
  k.core.endSession();
  findSimulatedReader(k.readers)!.swipe(card);
  await waitFor(() => k.core.getSession().state === state, `the session to be ${state}`);
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
    expect(await k.central!.store.stationActionScreenshot(shot.id)).toEqual(png);
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
    const store = k.central!.store;
    const asked = await askStation(store, {
      terminalId: k.config.terminal.id,
      action: 'restart',
      params: {},
      reason: 'the screen froze',
      staffId: staffOf(k).id,
      via: 'test',
    });
    if (!asked.ok) throw new Error(asked.message);
    await waitFor(() => restarts === 1, 'the host to be asked to restart');
    // The app restarts (here: the same kiosk opened again, as web mode does): the new one answers done.
    const next = (kiosk = await k.reopen());
    await next.core.start();
    let state: StationAction | null = null;
    await waitFor(
      () => (void store.stationAction(asked.action.id).then((a) => (state = a)), state?.state === 'done'),
      'the restart to be answered done',
    );
    expect(state!.outcome).toMatch(/restarted/);
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
    let again: StationAction | null = null;
    await waitFor(
      () => (void k.central!.store.stationAction(done.id).then((a) => (again = a)), again?.state === 'done'),
      'the kept answer to be sent again',
    );
    expect(again!.outcome).toBe(done.outcome);
    expect(heldOut(k.db)).toBeNull();
    const runs = k.log.recent().filter((l) => l.includes('"remote action"') && l.includes(done.id));
    expect(runs).toHaveLength(1);
  });

  it('answers an action a restart interrupted as failed, without running it again', async () => {
    const k = await station('interrupted');
    const store = k.central!.store;
    // The power went while the station ran an action: the app is opened again, not started yet.
    const next = (kiosk = await k.reopen());
    const asked = await askStation(store, {
      terminalId: k.config.terminal.id,
      action: 'out_of_service',
      params: {},
      reason: 'interrupted by a power cut',
      staffId: staffOf(k).id,
      via: 'test',
    });
    if (!asked.ok) throw new Error(asked.message);
    // It had begun the action (its row is running), and nothing else happened.
    next.db
      .prepare("INSERT INTO remote_actions (id, action, state, received_at) VALUES (?, 'out_of_service', 'running', ?)")
      .run(asked.action.id, new Date().toISOString());
    await next.core.start();
    let state: StationAction | null = null;
    await waitFor(
      () => (void store.stationAction(asked.action.id).then((a) => (state = a)), state?.state === 'failed'),
      'the interrupted action to be answered failed',
    );
    expect(state!.outcome).toMatch(/not run again/);
    expect(next.core.getStatus().reasons.map((r) => r.en)).not.toContain(
      'Staff have taken this station out of service',
    );
  });
  it('resolves a job that needs attention: a reprint under the reprint rules with a grant central issued, or says why not', async () => {
    const k = await station('resolve');
    const central = k.central!;
    const student = central.people.find((p) => p.role === 'student')!;
    await tap(k, student.card, 'active');
    await k.core.simulateFaults({ printer: 'job-lost' });
    const lost = (
      await k.core.requestPrint({
        requestId: crypto.randomUUID(),
        items: [{ kind: 'enrollment', language: 'zh', copies: 1 }],
      })
    ).jobs[0]!.jobId;
    await waitFor(() => k.jobs.get(lost).status === 'needs_attention', 'the lost job to need attention', 60_000);
    await k.core.simulateFaults({ printer: 'ok' });
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
