/**
 * `estation central --cas-url ...` as an operator runs it: wrong CAS options stop the start with a
 * one-line message saying what to give, and a central started with a CAS URL signs a staff member in
 * through a CAS server on loopback (the real process, the real HTTP round trip).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, startCentralProcess, type CentralProcess } from '../../helpers/central-process.js';
import { startCasServer } from '../../helpers/cas-server.js';

const dir = mkdtempSync(join(tmpdir(), 'estation-cli-cas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const central = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'central', '--port', '0', '--data', dir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** Resolves once the process has printed `text` (its output arrives apart from its HTTP answers). */
function logged(c: CentralProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    const look = () => c.output().includes(text) && resolve();
    c.child.stdout!.on('data', look);
    look();
  });
}

describe('estation central --cas-url', () => {
  it('refuses wrong CAS options before central starts, saying what to give', () => {
    const cases: [string[], RegExp][] = [
      [
        ['--cas-url', 'http://cas.example.edu.cn/cas'],
        /plain http:\/\/ to another machine.*Use https:\/\/.*--cas-allow-insecure/,
      ],
      [
        ['--cas-url', 'https://cas.example.edu.cn/cas', '--cas-version', '4'],
        /CAS version 4 is not supported: give 2 or 3/,
      ],
      [['--cas-url', 'cas.example.edu.cn'], /is not a URL/],
      [['--cas-version', '2'], /--cas-version goes with --cas-url/],
      [
        ['--cas-url', 'https://cas.example.edu.cn/cas', '--cas-version', '2', '--cas-user-attribute', 'gh'],
        /CAS 2\.0 answers no attributes: a user attribute needs CAS version 3/,
      ],
      [
        ['--cas-url', 'https://cas.example.edu.cn/cas', '--trust-proxy', 'loopback'],
        /behind a reverse proxy \(--trust-proxy\) needs --public-url/,
      ],
      [['--cas-url', 'https://cas.example.edu.cn/cas', '--host', '0.0.0.0'], /--host 0\.0\.0\.0 needs --public-url/],
      [['--cas-url', 'https://cas.example.edu.cn/cas', '--public-url', 'estation'], /public URL estation is not a URL/],
    ];
    for (const [args, message] of cases) {
      const r = central(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('a central started with a CAS URL signs a staff member in through it', async () => {
    const cas = await startCasServer();
    const c = await startCentralProcess(join(dir, 'sso'), ['--demo', '--cas-url', cas.url, '--cas-version', '2']);
    try {
      await logged(
        c,
        `Single sign-on: CAS 2.0 at ${cas.url}; register the service ${c.url}/staff/cas with the university's CAS.`,
      );
      expect(await (await fetch(`${c.url}/staff`)).text()).toContain('data-testid="sso-sign-in"');
      const start = await fetch(`${c.url}/staff/cas/login`, { redirect: 'manual' });
      const mark = start.headers.getSetCookie()[0]!.split(';')[0]!;
      const back = await fetch(start.headers.get('location')!, { redirect: 'manual' });
      const signedIn = await fetch(back.headers.get('location')!, { redirect: 'manual', headers: { cookie: mark } });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('estation_staff='))!
        .split(';')[0]!;
      expect(await (await fetch(`${c.url}/staff`, { headers: { cookie } })).text()).toContain(
        'data-testid="staff-name">马建国<',
      );
      expect(cas.validations.map((v) => [v.path, v.service])).toEqual([['/cas/serviceValidate', `${c.url}/staff/cas`]]);
      // Refusals are logged for the operator, with no ticket in the line.
      await fetch(back.headers.get('location')!, { headers: { cookie: mark } });
      await logged(c, 'CAS sign-in refused: it did not start at this dashboard');
      // A ticket CAS refuses: its message quotes the ticket, the log line does not.
      const forged = `ST-9-forgedforgedforged-cas.test`;
      const mark2 = (await fetch(`${c.url}/staff/cas/login`, { redirect: 'manual' })).headers
        .getSetCookie()[0]!
        .split(';')[0]!;
      await fetch(`${c.url}/staff/cas?ticket=${forged}`, { headers: { cookie: mark2 } });
      await logged(c, 'CAS sign-in refused: Ticket (the ticket) not recognized');
      expect(c.output()).not.toContain(forged);
      expect(c.output()).not.toContain(new URL(back.headers.get('location')!).searchParams.get('ticket')!);
    } finally {
      await c.stop();
      await cas.close();
    }
  });
});
