/**
 * The two halves run separately, as in a real deployment, all through the command line:
 * `estation central --demo`, `estation central enroll` for a terminal token, then `estation kiosk
 * --config` with that URL and token. A card tapped at the kiosk is looked up at that central, and a
 * kiosk with a wrong token is refused there and stays out of service.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { connectKioskApi, startKiosk, type DemoProcess, type KioskApiClient } from '../../helpers/demo-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin', 'estation');
const base = mkdtempSync(join(tmpdir(), 'estation-split-'));
const centralData = join(base, 'central');
let central: ChildProcess;
let centralUrl = '';
const kiosks: DemoProcess[] = [];
const clients: KioskApiClient[] = [];

beforeAll(async () => {
  central = spawn(process.execPath, [BIN, 'central', '--demo', '--port', '0', '--data', centralData], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  central.stdout!.on('data', (d: Buffer) => (out += String(d)));
  central.stderr!.on('data', (d: Buffer) => (out += String(d)));
  centralUrl = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`central did not start:\n${out}`)), 60_000);
    central.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
  });
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.close();
  for (const k of kiosks) await k.stop();
  central?.kill('SIGTERM');
});

async function kioskWith(id: string, token: string): Promise<KioskApiClient> {
  const dir = join(base, id);
  const folders = { dataDir: join(dir, 'data'), printsDir: join(dir, 'prints') };
  const config = join(base, `${id}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      terminal: { id, name: id },
      central: { url: centralUrl, token, timeoutMs: 2000, heartbeatS: 1 },
      dataDir: folders.dataDir,
      printer: { type: 'file', dir: folders.printsDir },
    }),
  );
  const kiosk = await startKiosk(config, folders);
  kiosks.push(kiosk);
  const api = await connectKioskApi(kiosk.dataDir);
  clients.push(api);
  return api;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await fn();
    if (ok(v) || i > 300) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('central and kiosk as separate processes', () => {
  it('a terminal enrolled with `estation central enroll` serves students from that central', async () => {
    const enrolled = execFileSync(
      process.execPath,
      [BIN, 'central', 'enroll', 'lib-east-01', '--name', 'Library East', '--data', centralData],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const token = enrolled.trim().split('\n').at(-1)!.trim();
    expect(enrolled).toContain('Terminal lib-east-01 enrolled');
    expect(token).toMatch(/^\S{20,}$/);

    const api = await kioskWith('lib-east-01', token);
    expect(
      await until(
        () => api.call<{ central: string; outOfService: boolean }>('getStatus'),
        (s) => s.central === 'online',
      ),
    ).toMatchObject({ central: 'online', outOfService: false });
    const student = demoPeople().find((p) => p.role === 'student')!;
    await api.call('simulateSwipe', { card: student.card });
    expect(
      await until(
        () => api.call<{ state: string }>('getSession'),
        (s) => s.state !== 'idle',
      ),
    ).toMatchObject({ state: 'active', person: { name: student.name } });
  }, 120_000);

  it('a kiosk with a token central does not know is refused, and stays out of service', async () => {
    const api = await kioskWith('rogue-01', 'not-a-real-token-000000000000');
    const status = await until(
      () => api.call<{ central: string; outOfService: boolean; reasons: { en: string }[] }>('getStatus'),
      (s) => s.central !== 'unknown',
    );
    expect(status).toMatchObject({ central: 'offline', outOfService: true });
    // Staff are told what to fix, not just that central is away.
    expect(status.reasons.map((r) => r.en)).toContain(
      'This station is not authorised by the university server (staff: check central.token)',
    );
    // Students are told the station is out of service (central is reachable: "unreachable" would be wrong).
    await api.call('simulateSwipe', { card: demoPeople()[0]!.card });
    expect(
      await until(
        () => api.call<{ state: string }>('getSession'),
        (s) => s.state !== 'idle',
      ),
    ).toMatchObject({ state: 'rejected', reason: 'out_of_service' });
  }, 120_000);
});
