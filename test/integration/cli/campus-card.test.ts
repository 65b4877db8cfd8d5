/**
 * `estation campus-card serve` as an operator runs it, through bin/estation: it says where it listens and
 * where its token is (0600, as its database), answers central's client with that token, takes top-ups
 * from `estation campus-card top-up` while it serves, and fails clearly, exiting non-zero, when its port is taken.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampusCardProvider } from '../../../central/payments/campus-card-client.js';
import { BIN, ROOT } from '../../helpers/central-process.js';
import { runEstation } from '../../helpers/run-estation.js';

const base = mkdtempSync(join(tmpdir(), 'estation-campus-card-cli-'));
const dataDir = join(base, 'card');
let served: { child: ChildProcess; url: string; out: () => string; exited: Promise<number | null> };

/** Starts `estation campus-card serve ARGS` and waits for its "listening on" line (or its exit). */
async function serve(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'campus-card', 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (out += String(d)));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = await new Promise<string | null>((res) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    void exited.then(() => res(null));
  });
  return { child, url, out: () => out, exited };
}

const estation = (...args: string[]) => runEstation(['campus-card', ...args]);

beforeAll(async () => {
  const s = await serve(['--port', '0', '--data', dataDir, '--fault', 'duplicate=1']);
  if (!s.url) throw new Error(`campus-card serve did not start:\n${s.out()}`);
  served = { ...s, url: s.url };
}, 120_000);
afterAll(async () => {
  served?.child.kill('SIGTERM');
  await served?.exited;
});

describe('estation campus-card serve', () => {
  it('says where it listens, where its token is and which faults are on; token and database are 0600', () => {
    const tokenFile = join(dataDir, 'token');
    expect(served.out()).toContain(`Token file: ${tokenFile} (new token made)`);
    expect(served.out()).toContain('Faults on: duplicate=1');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'campus-card.db')).mode & 0o777).toBe(0o600);
  });

  it('answers central with the token from its file: a top-up by the CLI while it serves, then a hold charged once', async () => {
    const topUp = await estation('top-up', 's1', '12.50', '--reference', 'desk-1', '--data', dataDir);
    expect(topUp).toMatchObject({ code: 0, out: 's1: ¥12.50 on the card, ¥12.50 available\n' });
    // The same reference again adds nothing.
    expect((await estation('top-up', 's1', '12.50', '--reference', 'desk-1', '--data', dataDir)).out).toContain(
      '¥12.50 on the card',
    );
    const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
    const card = new CampusCardProvider({ url: served.url, token });
    const job = { jobId: 'cli-job-1', person: 's1', amountCents: 450 };
    await card.hold(job); // every call is delivered twice (--fault duplicate=1)
    await card.capture(job);
    expect(await card.balance('s1')).toEqual({ person: 's1', balanceCents: 800, availableCents: 800 });
    const today = new Date().toISOString().slice(0, 10);
    expect((await card.statement(today)).map((m) => `${m.kind} ${m.amountCents}`)).toEqual([
      'top_up 1250',
      'hold 450',
      'capture 450',
    ]);
  });

  it('`statement` lists the day with each reference, as text and as JSON', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const text = await estation('statement', '--data', dataDir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`^Statement of ${today} \\(UTC\\): 3 movement\\(s\\)\n`));
    expect(text.out).toMatch(/CC00000003 {2}\S+ {2}capture {2}s1 {2}cli-job-1 {2}¥4\.50 {2}balance ¥8\.00\n/);
    const json = await estation('statement', '--date', today, '--data', dataDir, '--json');
    expect(JSON.parse(json.out).movements.map((m: { kind: string }) => m.kind)).toEqual(['top_up', 'hold', 'capture']);
    expect(await estation('statement', '--date', '2026-02-30', '--data', dataDir)).toMatchObject({ code: 2 });
  });

  it('uses the token in --token-file', async () => {
    const tokenFile = join(base, 'given-token');
    writeFileSync(tokenFile, 'a-token-the-admin-chose-1234\n', { mode: 0o600 });
    const s = await serve(['--port', '0', '--data', join(base, 'other'), '--token-file', tokenFile]);
    try {
      expect(s.out()).toContain(`Token file: ${tokenFile}\n`);
      const res = await fetch(`${s.url}/v1/admin/faults`, {
        headers: { authorization: 'Bearer a-token-the-admin-chose-1234' },
      });
      expect(res.status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  }, 60_000);

  it('fails clearly and exits non-zero when its port is taken', async () => {
    const port = new URL(served.url).port;
    const s = await serve(['--port', port, '--data', join(base, 'second')]);
    expect(s.url).toBeNull();
    expect(await s.exited).toBe(1);
    expect(s.out()).toContain(
      `estation campus-card: port ${port} on 127.0.0.1 is already in use: stop what listens there or choose another --port`,
    );
  }, 60_000);

  it('refuses a fault it does not know, naming the ones it does', async () => {
    const r = await estation('serve', '--data', join(base, 'third'), '--fault', 'meteor=1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '--fault meteor=1: give KIND=RATE with KIND one of slow, error5xx, loseAfterCommit, duplicate, wrongAmount',
    );
  });
});
