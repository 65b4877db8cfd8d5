/**
 * `estation central station` through bin/estation (issue #18), against a real station: the hosted kiosk
 * with its built-in central (heartbeat every second) on a SQLite file the command opens too. An action
 * asked on the command line reaches the station with its heartbeat, and `--wait` prints its outcome.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { createLogger } from '../../../main/core/log.js';
import { runEstation } from '../../helpers/run-estation.js';

let kiosk: HostedKiosk;
let data: string;
let staffId: string;
let id: string;

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'estation-cli-station-'));
  kiosk = await createHostedKiosk(
    parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      central: { url: 'embedded', heartbeatS: 1 },
    }),
    { log: createLogger({ write: () => {} }), renderInWorker: false },
  );
  await kiosk.core.start();
  data = join(base, 'data', 'central');
  staffId = kiosk.central!.people.find((p) => p.role === 'staff')!.id;
  id = kiosk.config.terminal.id;
}, 60_000);
afterAll(() => kiosk.close());

describe('estation central station', () => {
  it('fetches the last log lines from the station and waits for them', async () => {
    const r = await runEstation([
      'central',
      'station',
      'logs',
      id,
      '--as',
      staffId,
      '--reason',
      'the screen is slow',
      '--lines',
      '4',
      '--wait',
      '--data',
      data,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /Fetch the last log lines \(4 lines\)\s+by \S+ \(cli:os:[^)]+\)\s+reason: the screen is slow/,
    );
    expect(r.out).toContain('done: 4 log lines');
    expect(
      r.out
        .trim()
        .split('\n')
        .slice(-4)
        .every((l) => JSON.parse(l).msg !== undefined),
    ).toBe(true);
  }, 60_000);

  it('asks without waiting, says when it expires, and the history shows the outcome', async () => {
    const r = await runEstation([
      'central',
      'station',
      'out-of-service',
      id,
      '--as',
      staffId,
      '--reason',
      'closing for the holiday',
      '--expire-minutes',
      '30',
      '--data',
      data,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pending: waits for the station until \S+, then expires/);
    const actionId = /^Asked: \S+ {2}(\S+)/.exec(r.out)![1]!;
    let history = '';
    for (let i = 0; i < 100 && !history.includes(`${actionId}`); i++) {
      const h = await runEstation(['central', 'station', 'history', id, '--json', '--data', data]);
      const found = (JSON.parse(h.out) as { id: string; state: string }[]).find((a) => a.id === actionId);
      if (found?.state === 'done') history = h.out;
    }
    expect(history).toContain(actionId);
    expect(kiosk.core.getStatus().outOfService).toBe(true);
  }, 120_000);

  it('refuses an unknown staff member or station, and says what is missing', async () => {
    const nobody = await runEstation([
      'central',
      'station',
      'sync',
      id,
      '--as',
      'nobody',
      '--reason',
      'why not',
      '--data',
      data,
    ]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('There is no staff member nobody.');
    const noStation = await runEstation([
      'central',
      'station',
      'sync',
      'no-such',
      '--as',
      staffId,
      '--reason',
      'why not',
      '--data',
      data,
    ]);
    expect(noStation.code).toBe(1);
    expect(noStation.err).toContain('There is no station no-such.');
    const noReason = await runEstation(['central', 'station', 'restart', id, '--as', staffId, '--data', data]);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--reason TEXT');
    const wrong = await runEstation(['central', 'station', 'reboot', id, '--data', data]);
    expect(wrong.err).toContain('out-of-service, back-in-service, restart, sync, logs, resolve-job, screenshot');
  }, 60_000);
});
