/**
 * Settings publishing end to end: an admin publishes branding and session timing with `estation
 * settings publish` to a real central server; a kiosk that trusts the publisher key applies them at
 * once (its status shows them), keeps them after a restart, and does not take a replayed older one.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { findSimulatedReader } from '../../../drivers/card-reader/index.js';
import { parseConfig } from '../../../kiosk-config/load.js';
import { createHostedKiosk, type HostedKiosk } from '../../../main/cli/hosted-kiosk.js';
import { silentLogger } from '../../../main/core/log.js';
import { waitFor } from '../../helpers/pty.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'estation-settings-e2e-'));
let central: RunningCentral | undefined;
let kiosk: HostedKiosk | undefined;
afterAll(async () => {
  await kiosk?.close();
  await central?.close();
});

/** `estation settings publish` as a child process (asynchronously: central runs in this process). */
function publish(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'estation'), 'settings', 'publish', ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (err, stdout, stderr) => res({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('publishing settings to the stations', () => {
  it('applies them at a kiosk that trusts the key, keeps them after a restart, and never goes back', async () => {
    central = await startCentralServer({
      dataDir: join(base, 'central'),
      port: 0,
      seedDemo: true,
      terminals: [{ id: 'lib-01', name: 'Library' }],
    });
    const admin = await central.store.enrollAdmin('registrar', 'Registrar');
    const publisher = generateKeyPairSync('ed25519');
    writeFileSync(join(base, 'publisher.pem'), publisher.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(base, 'publisher.pub.pem'), publisher.publicKey.export({ type: 'spki', format: 'pem' }));
    const settingsFile = join(base, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        branding: { campusName: { zh: '海港大学 · 图书馆', en: 'Harbour University · Library' } },
        session: { idleTimeoutS: 120 },
      }),
    );
    const common = ['--key', join(base, 'publisher.pem'), '--central', central.url, '--admin-token', admin];

    const bad = await publish([join(base, 'missing.json'), '--version', '1', ...common]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing\.json is not valid settings/);
    const ok = await publish([settingsFile, '--version', '2', ...common]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Published settings version 2 for \*/);

    const start = async () => {
      const config = parseConfig({
        terminal: { id: 'lib-01', name: 'Library' },
        central: { url: central!.url, token: central!.tokens['lib-01']! },
        dataDir: join(base, 'kiosk'),
        printer: { type: 'file', dir: join(base, 'prints') },
        publishing: { publisherKeys: [join(base, 'publisher.pub.pem')] },
      });
      const k = await createHostedKiosk(config, { log: silentLogger(), renderInWorker: false });
      await k.core.start();
      return k;
    };
    kiosk = await start();
    const k = kiosk;
    await waitFor(
      () => k.core.getStatus().branding.campusName.en === 'Harbour University · Library',
      'the published branding',
      30_000,
    );
    // The branding applies halfway through a sync round; the round ends after the templates.
    await k.core.syncFromCentral();
    expect(k.core.getStatus()).toMatchObject({ idleTimeoutS: 120, branding: { primaryColor: '#8b1a1a' } });
    // Staff see in maintenance mode which settings apply and when the station last synchronised.
    const staff = central.people.find((p) => p.role === 'staff' && p.pin)!;
    findSimulatedReader(k.readers)!.swipe(staff.card);
    await waitFor(() => k.core.getSession().state === 'staff_pin', 'the PIN keypad');
    expect(await k.core.submitStaffPin({ pin: staff.pin! })).toMatchObject({ ok: true });
    await waitFor(() => k.core.getSession().state === 'maintenance', 'maintenance mode');
    expect((await k.core.getMaintenance()).publishing).toMatchObject({
      enabled: true,
      settingsVersion: 2,
      lastSyncAt: expect.any(String),
      refused: [],
    });
    k.core.endSession();

    // Restarted while central is away: the saved settings still apply.
    await k.close();
    const port = new URL(central.url).port;
    await central.close();
    kiosk = await start();
    expect(kiosk.core.getStatus().branding.campusName.zh).toBe('海港大学 · 图书馆');
    central = await startCentralServer({ dataDir: join(base, 'central'), port: Number(port), seedDemo: true });
    // Central refuses to go back; a kiosk would refuse too (tested in test/unit/settings).
    const older = await publish([settingsFile, '--version', '1', ...common]);
    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(/central refused settings version 1 \(409/);
  }, 120_000);
});
