/**
 * Attack (issue #12, finding 1): the web-mode kiosk token was on Chromium's command line
 * (`--app=http://127.0.0.1:PORT/#token=...`), so any local user read it with `ps` and, with a forged
 * Origin header, drove the kiosk API (the signed-in student's name, their transcript PDF). Now the
 * browser gets a launch link that works once and expires, exchanged for an HttpOnly session cookie; a
 * link read from the process list after the browser used it opens nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type RunningWebHost } from '../../../main/web/server.js';
import { FakeKioskCore } from '../../helpers/fake-kiosk-core.js';

let web: RunningWebHost | undefined;
afterAll(async () => web?.close());

function connect(url: string, headers: Record<string, string>): Promise<string> {
  const u = new URL(url);
  return new Promise((res) => {
    const ws = new WebSocket(`ws://${u.host}/api`, { origin: `http://${u.host}`, headers });
    ws.once('open', () => {
      ws.close();
      res('open');
    });
    ws.once('unexpected-response', (_req, r) => res(`http ${r.statusCode}`));
    ws.once('error', (e) => res(`error ${e.message}`));
  });
}

describe('the web-mode launch link', () => {
  it('a link read from the process list after the browser used it opens nothing', async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'estation-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    web = await startWebHost({ core: new FakeKioskCore(), rendererDir });
    const link = web.launchUrl();
    expect(link).not.toContain(web.token);

    // The kiosk browser opens it first: a session cookie, HttpOnly and same-site only.
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^estation_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(await connect(web.url, { cookie: cookie.split(';')[0]! })).toBe('open');

    // Another local user replays the link from `ps`: refused, and they get no cookie.
    const replay = await fetch(link, { redirect: 'manual' });
    expect(replay.status).toBe(403);
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect(await replay.text()).toMatch(/used or has expired/);
    expect(await connect(web.url, {})).toBe('http 401');
  });

  it('an unused link expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const link = web!.launchUrl();
      vi.setSystemTime(Date.now() + 61_000);
      expect((await fetch(link, { redirect: 'manual' })).status).toBe(403);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the demo's link for the person at the keyboard works again", async () => {
    const link = web!.launchUrl({ reusable: true });
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
  });
});
