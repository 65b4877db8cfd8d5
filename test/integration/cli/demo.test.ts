/**
 * `estation demo` in web mode as a user starts it: the banner names the URL, the demo cards and the
 * print folder; `estation simulate swipe` taps a card on it (found through its runtime file); the
 * web API refuses a connection without the launch token or from another origin.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../../central/seed/demo.js';
import { readRuntime } from '../../../main/web/runtime-file.js';
import { connectKioskApi, startDemo, type DemoProcess, type KioskApiClient } from '../../helpers/demo-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let demo: DemoProcess;
let api: KioskApiClient;

beforeAll(async () => {
  // No ESTATION_ELECTRON here: web mode unless an Electron binary was downloaded (never on CI).
  demo = await startDemo([], { ESTATION_ELECTRON: '/nonexistent' });
  api = await connectKioskApi(demo.dataDir);
}, 90_000);
afterAll(async () => {
  api?.close();
  await demo?.stop();
});

describe('estation demo (web mode)', () => {
  it('prints the URL, every demo card and the print folder', () => {
    const out = demo.output();
    expect(out).toContain('is running in web mode.');
    expect(out).toMatch(/^Open: http:\/\/127\.0\.0\.1:\d+\/launch\?code=\S+$/m);
    // No local-tools token in the banner (it is in the runtime file, readable by this user only).
    expect(out).not.toContain(readRuntime(demo.dataDir)!.token);
    expect(out).toContain(`Demo cards (tap them on screen, or: estation simulate swipe CARD --data ${demo.dataDir}):`);
    for (const p of demoPeople()) expect(out).toContain(`  ${p.card}  ${p.name}`);
    // An unusual status is named, so a demo can show what a suspended or graduated student may print.
    const suspended = demoPeople().find((p) => p.record?.status === 'suspended')!;
    expect(out).toContain(`  ${suspended.card}  ${suspended.name} · 学生 · ${suspended.major!.zh} · 休学`);
    // Each card's role in words; a teacher who is also maintenance staff is marked as such.
    expect(out).toMatch(/^ {2}\d+ {2}周建华 · 教师 · 兼维护人员$/m);
    expect(out).toMatch(/^ {2}9000000001 {2}马建国 · 工作人员$/m);
    expect(out).toContain(`Prints go to: ${demo.printsDir}`);
    expect(out).toMatch(/^Staff dashboard: http:\/\/127\.0\.0\.1:\d+\/staff \(staff card 9000000001, PIN 246810\)$/m);
  });

  it('takes a card tapped with `estation simulate swipe`', async () => {
    const student = demoPeople().filter((p) => p.role === 'student')[3]!;
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin', 'estation'), 'simulate', 'swipe', student.card, '--data', demo.dataDir],
      { cwd: ROOT, encoding: 'utf8' },
    );
    let session: { state: string; person?: { name: string } } = { state: 'idle' };
    for (let i = 0; i < 200 && session.state !== 'active'; i++) {
      session = await api.call('getSession');
      if (session.state !== 'active') await new Promise((r) => setTimeout(r, 50));
    }
    expect(session).toMatchObject({ state: 'active', person: { name: student.name } });
    await api.call('endSession');
  });

  it('refuses API connections without the session cookie or the runtime token, or from another origin', async () => {
    const { WebSocket } = await import('ws');
    const u = new URL(demo.launchUrl);
    const { token } = readRuntime(demo.dataDir)!;
    const attempt = (query: string, origin: string, cookie?: string) =>
      new Promise<string>((res) => {
        const ws = new WebSocket(`ws://${u.host}/api${query}`, { origin, ...(cookie ? { headers: { cookie } } : {}) });
        ws.once('open', () => {
          ws.close();
          res('open');
        });
        ws.once('unexpected-response', (_req, r) => res(`http ${r.statusCode}`));
        ws.once('error', (e) => res(`error ${e.message}`));
      });
    const own = `http://${u.host}`;
    expect(await attempt('', own)).toBe('http 401');
    expect(await attempt('?token=wrong', own)).toBe('http 401');
    expect(await attempt('', own, 'estation_session=guessed')).toBe('http 401');
    expect(await attempt(`?token=${encodeURIComponent(token)}`, 'http://evil.example')).toMatch(/^http 40[13]$/);
    expect(await attempt(`?token=${encodeURIComponent(token)}`, own)).toBe('open');
    // The demo's launch link gives the page its session cookie (HttpOnly, same-site only).
    const launch = await fetch(demo.launchUrl, { redirect: 'manual' });
    expect(launch.status).toBe(303);
    const cookie = launch.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(await attempt('', own, cookie.split(';')[0]!)).toBe('open');
    expect(await attempt('', 'http://evil.example', cookie.split(';')[0]!)).toMatch(/^http 40[13]$/);
  });
});
