/**
 * Failure (issue #12, finding 5): in web mode nothing restarted Chromium when it exited, crashed or its
 * page hung: the station showed a bare desktop until someone restarted the service. Now the host's
 * watchdog starts the browser again, reloading a page that stopped its heartbeat, with backoff and a
 * cap, and the station's health says so. These tests drive the real Chromium (`which chromium`) with a
 * real web host; without Chromium they are reported as skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenHealth } from '../../../shared/central-api.js';
import { PAGE_HEARTBEAT_MESSAGE } from '../../../shared/page-heartbeat.js';
import { startBrowserWatchdog, type BrowserProcess, type BrowserWatchdog } from '../../../main/web/browser-watchdog.js';
import { startWebHost, type RunningWebHost } from '../../../main/web/server.js';
import { FakeKioskCore } from '../../helpers/fake-kiosk-core.js';
import WsSocket from 'ws';

const which = spawnSync('which', ['chromium'], { encoding: 'utf8' });
const chromium = which.status === 0 ? which.stdout.trim() : null;
if (!chromium) console.warn('SKIPPED: browser watchdog with the real browser: no `chromium` on PATH');

/**
 * A stand-in for the kiosk page: it beats as the real one does (same message, over the same cookie-
 * authenticated WebSocket), faster; when mode.txt says "hang" it beats twice, then hangs its main thread.
 */
const PAGE = `<!doctype html><title>kiosk</title><script>
fetch('/mode.txt').then((r) => r.text()).then((mode) => {
  const ws = new WebSocket(new URL('api', location.href).toString().replace('http', 'ws'));
  let beats = 0;
  ws.onopen = () => setInterval(() => {
    ws.send(${JSON.stringify(PAGE_HEARTBEAT_MESSAGE)});
    if (mode.trim() === 'hang' && ++beats === 2) for (;;) {}
  }, 200);
});
</script>`;

let web: RunningWebHost | undefined;
let watchdog: BrowserWatchdog | undefined;
const scratch: string[] = [];
const launched: number[] = [];
afterEach(async () => {
  watchdog?.stop();
  // Every browser's whole group gone (renderer and helpers too, also of one the test killed alone)
  // before their profile is removed.
  for (const pid of launched.splice(0)) await groupGone(pid);
  await web?.close();
  // Chromium's helper processes may still write into the profile for a moment after the kill.
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

async function groupGone(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Chromium's process group ${pid} still runs 10 s after the watchdog killed it`);
}

/** Resolves at the next call of the returned hook that satisfies `when`. */
function waiter<T>() {
  const waiting: { when: (v: T) => boolean; resolve: (v: T) => void }[] = [];
  return {
    hook(v: T) {
      for (const w of [...waiting])
        if (w.when(v)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(v);
        }
    },
    next(when: (v: T) => boolean = () => true): Promise<T> {
      return new Promise((resolve) => waiting.push({ when, resolve }));
    },
  };
}

async function startStation(mode: 'beat' | 'hang') {
  const rendererDir = mkdtempSync(join(tmpdir(), 'estation-watchdog-page-'));
  const profile = mkdtempSync(join(tmpdir(), 'estation-watchdog-chromium-'));
  scratch.push(rendererDir, profile);
  writeFileSync(join(rendererDir, 'index.html'), PAGE);
  writeFileSync(join(rendererDir, 'mode.txt'), mode);
  const beats = waiter<number | undefined>();
  const changes = waiter<ScreenHealth>();
  web = await startWebHost({
    core: new FakeKioskCore(),
    rendererDir,
    onPageHeartbeat: () => {
      watchdog?.pageAlive();
      beats.hook(watchdog?.current()?.pid);
    },
  });
  const host = web;
  watchdog = startBrowserWatchdog({
    // Headless, so the test needs no display; the kiosk itself runs chromiumLauncher (--app, --kiosk).
    launch: (url) => {
      const child = spawn(
        chromium!,
        ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--no-first-run', url],
        // Its own process group, as chromiumLauncher starts it: the watchdog's kill takes its helpers too.
        { stdio: 'ignore', detached: true },
      );
      if (child.pid !== undefined) launched.push(child.pid);
      return child;
    },
    launchUrl: () => host.launchUrl(),
    // A started page has a minute for its first beat (Chromium starts slowly on a busy machine), then
    // 3 s of silence mark it hung.
    silenceLimitMs: 3_000,
    firstBackoffMs: 100,
    onChange: (h) => changes.hook(h),
  });
  return { rendererDir, beats, changes };
}

describe.skipIf(!chromium)('the web-mode kiosk browser is kept on screen', () => {
  it('the kiosk browser is killed: the watchdog starts it again and the page answers', async () => {
    const { beats, changes } = await startStation('beat');
    const first = await beats.next((pid) => pid !== undefined);

    const restarting = changes.next((h) => h.state === 'restarting');
    process.kill(first!, 'SIGKILL');
    expect(await restarting).toMatchObject({ restarts: 1, lastRestart: { reason: 'browser-exited' } });

    const second = await beats.next((pid) => pid !== undefined && pid !== first);
    expect(second).not.toBe(first);
    expect(watchdog!.health()).toMatchObject({ state: 'running', restarts: 1 });
  }, 180_000);

  it('the kiosk page hangs: the watchdog replaces the browser and a working page answers', async () => {
    const { rendererDir, beats, changes } = await startStation('hang');
    const hung = await beats.next((pid) => pid !== undefined);
    // The hung page read its mode before its first beat; the next page (after the restart) must work,
    // whenever it loads (written now, not after the restart: a fast restart would read 'hang' again).
    writeFileSync(join(rendererDir, 'mode.txt'), 'beat');

    // The hung page beat twice, then went silent: the watchdog restarts it; the next page works.
    const restarting = await changes.next((h) => h.state === 'restarting');
    expect(restarting).toMatchObject({ restarts: 1, lastRestart: { reason: 'page-unresponsive' } });

    const after = await beats.next((pid) => pid !== undefined && pid !== hung);
    expect(after).not.toBe(hung);
    expect(watchdog!.health().state).toBe('running');
  }, 180_000);
});

describe('a browser that keeps failing', () => {
  it('a browser that dies at every start is restarted with backoff, then the station gives up and says so', async () => {
    let launches = 0;
    const given = waiter<ScreenHealth>();
    watchdog = startBrowserWatchdog({
      launch: () => {
        launches++;
        const child = Object.assign(new EventEmitter(), { pid: undefined }) as BrowserProcess & EventEmitter;
        setImmediate(() => child.emit('exit', 1, null));
        return child;
      },
      kill: () => {},
      launchUrl: () => 'http://127.0.0.1:1/launch?code=x',
      firstBackoffMs: 1,
      maxRestartsInARow: 3,
      onChange: (h) => given.hook(h),
    });
    const health = await given.next((h) => h.state === 'given-up');
    // Three restarts after the first start, then no more: the station is out of service until restarted.
    expect(launches).toBe(4);
    expect(health).toMatchObject({ state: 'given-up', restarts: 3, lastRestart: { reason: 'browser-exited' } });
  });
});

describe('the kiosk page beats', () => {
  it("the real page's WebSocket transport sends the heartbeat the watchdog listens for; a local tool's does not count", async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'estation-watchdog-page-'));
    scratch.push(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    const beats = waiter<void>();
    let counted = 0;
    web = await startWebHost({
      core: new FakeKioskCore(),
      rendererDir,
      onPageHeartbeat: () => {
        counted++;
        beats.hook();
      },
    });
    const origin = web.url;

    // A local tool (the runtime file's token) sends the beat, then a call: by its answer the beat was read.
    const tool = new WsSocket(`${origin.replace('http', 'ws')}/api?token=${web.token}`, { origin });
    await new Promise((r) => tool.once('open', r));
    const answered = new Promise((r) => tool.once('message', r));
    tool.send(PAGE_HEARTBEAT_MESSAGE);
    tool.send(JSON.stringify({ id: 1, method: 'getStatus', params: {} }));
    await answered;
    tool.close();
    expect(counted).toBe(0);

    const launched = await fetch(web.launchUrl(), { redirect: 'manual' });
    const cookie = launched.headers.get('set-cookie')!.split(';')[0]!;
    // The browser's WebSocket as the page has it: Origin and the session cookie sent by the browser.
    const original = globalThis.WebSocket;
    globalThis.WebSocket = class extends WsSocket {
      constructor(url: string) {
        super(url, { origin, headers: { cookie } });
      }
    } as unknown as typeof WebSocket;
    try {
      // The renderer's own module, typechecked with the renderer's settings (tsconfig.web.json), not these.
      const transport = '../../../renderer/src/api/ws-transport';
      const { createWsClient } = (await import(transport)) as {
        createWsClient: (url: string) => { connection: { state: string } };
      };
      const client = createWsClient(`${origin.replace('http', 'ws')}/api`);
      await beats.next();
      expect(client.connection.state).toBe('open');
    } finally {
      globalThis.WebSocket = original;
    }
  }, 30_000);
});
