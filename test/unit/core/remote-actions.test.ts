/**
 * The station's remote-action runner on its own (main/core/station/remote-actions.ts), with a real job
 * database and a central in memory: an action central sent with parameters the station cannot read is
 * answered failed, never guessed at; the same id twice in one heartbeat answer runs once; an answer central
 * did not take is sent again, unchanged, when the action comes again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db.js';
import { JobStore } from '../../../main/core/job-store.js';
import { createLogger } from '../../../main/core/log.js';
import { RemoteActions } from '../../../main/core/station/remote-actions.js';
import { ActionResultRequest, LOG_LINE_MAX, type DeliveredAction } from '../../../shared/station-actions.js';
import { FakeCentral } from '../../helpers/fake-central.js';

function runner(
  answers: ActionResultRequest[],
  reachable = { now: true },
  extra: { log?: ReturnType<typeof createLogger>; screenshot?: () => Promise<Buffer> } = {},
) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'estation-remote-unit-')), 'kiosk.sqlite'));
  let held = 0;
  const remote = new RemoteActions({
    db,
    jobs: new JobStore(db),
    central: new FakeCentral({
      reportActionResult: (body) => {
        if (!reachable.now) throw new Error('central unreachable');
        answers.push(body as ActionResultRequest);
        return { result: 'recorded' };
      },
    }),
    log: extra.log ?? createLogger({ write: () => {} }),
    host: () => (extra.screenshot ? { screenshot: extra.screenshot } : {}),
    personPresent: () => false,
    sync: async () => 'synced',
    setOutOfService: () => void held++,
    onJob: () => {},
    kick: () => {},
    flush: async () => {},
  });
  return { remote, held: () => held };
}

const action = (id: string, a: Partial<DeliveredAction> = {}): DeliveredAction => ({
  id,
  action: 'out_of_service',
  params: {},
  reason: 'closing early',
  by: 'T1',
  ...a,
});

describe('the remote-action runner', () => {
  it('answers an action it cannot read as failed, and runs nothing', async () => {
    const answers: ActionResultRequest[] = [];
    const { remote } = runner(answers);
    await remote.receive([action('a1', { action: 'logs', params: { lines: 'all' } })]);
    expect(answers).toEqual([
      { id: 'a1', state: 'failed', outcome: expect.stringMatching(/^The station could not read this action: lines/) },
    ]);
  });

  it('runs one id once, however often it comes, and sends the kept answer again when central did not take it', async () => {
    const answers: ActionResultRequest[] = [];
    const reachable = { now: false };
    const { remote, held } = runner(answers, reachable);
    await remote.receive([action('a2'), action('a2')]);
    expect(held()).toBe(1);
    expect(answers).toEqual([]);
    reachable.now = true;
    await remote.receive([action('a2')]);
    expect(held()).toBe(1);
    expect(answers).toEqual([{ id: 'a2', state: 'done', outcome: expect.stringMatching(/out of service/) }]);
  });

  it('answers within what central takes: a huge log line cut, a screenshot too large refused, never re-sent for ever', async () => {
    const answers: ActionResultRequest[] = [];
    const log = createLogger({ write: () => {} });
    log.info('x'.repeat(10_000));
    const big = Buffer.alloc(3_100_000, 1);
    const { remote } = runner(answers, { now: true }, { log, screenshot: async () => big });
    await remote.receive([
      action('l1', { action: 'logs', params: { lines: 5 } }),
      action('s1', { action: 'screenshot', params: {} }),
    ]);
    const logs = answers.find((a) => a.id === 'l1')!;
    expect(ActionResultRequest.safeParse(logs).success).toBe(true);
    expect(logs.logLines!.some((l) => l.length === LOG_LINE_MAX && l.endsWith('…'))).toBe(true);
    expect(answers.find((a) => a.id === 's1')).toEqual({
      id: 's1',
      state: 'failed',
      outcome: expect.stringMatching(/too large to send/),
    });
  });
});
