/**
 * A card reader that is missing when the kiosk starts (the serial adapter is unplugged): the kiosk
 * runs, its status says in both languages that cards cannot be read here, and plugging the reader in
 * restores it without a restart; the first card read then starts a session.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { createPtyPair, waitFor, type PtyPair } from '../../helpers/pty.js';

let kiosk: HostedKiosk | undefined;
let pty: PtyPair | undefined;
afterAll(async () => {
  await kiosk?.close();
  await pty?.close();
});

const READER_DOWN = { zh: '本机暂时无法读卡', en: 'Cards cannot be read at this station right now' };

describe('a card reader missing at start', () => {
  it('puts a clear status into the kiosk status, and re-plugging restores it without a restart', async () => {
    pty = await createPtyPair();
    await pty.unplug();
    const base = mkdtempSync(join(tmpdir(), 'estation-reader-missing-'));
    const config = parseConfig({
      dataDir: join(base, 'data'),
      printer: { type: 'file', dir: join(base, 'prints') },
      readers: [{ type: 'serial', id: 'desk', path: pty.b, protocol: 'line', reconnect: { minMs: 100, maxMs: 400 } }],
    });
    kiosk = await createHostedKiosk(config, { log: silentLogger(), renderInWorker: false });
    await kiosk.core.start();
    const k = kiosk;

    await waitFor(() => k.core.getStatus().reader.state === 'disconnected', 'the reader to be reported missing');
    const down = k.core.getStatus();
    expect(down.outOfService).toBe(true);
    expect(down.reasons).toContainEqual(READER_DOWN);

    await pty.replug();
    await waitFor(() => k.core.getStatus().reader.state === 'connected', 'the reader to come back', 30_000);
    expect(k.core.getStatus().reasons).not.toContainEqual(READER_DOWN);
    expect(k.core.getStatus().outOfService).toBe(false);

    const student = k.central!.people.find((p) => p.role === 'student')!;
    pty.write(`${student.card}\r\n`);
    await waitFor(() => k.core.getSession().state === 'active', 'a session from the re-plugged reader');
    expect(k.core.getSession()).toMatchObject({ state: 'active', person: { name: student.name } });
  });
});
