/**
 * `estation central --payments campus-card …` as a real process against the real campus-card service, and
 * `estation central payments refund|reconcile|report` run as an operator runs them (issue #17): a printed
 * paid job is charged once, a card without money prints nothing, a staff refund is recorded with who and
 * why, reconciliation finds the day matching until the card service has a movement central never made,
 * and the month's report sums charges and refunds per terminal and kind.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampusCardServer, type CampusCardServer } from '../../../campus-card/server.js';
import { demoPeople } from '../../../central/seed/demo.js';
import { localDate } from '../../../shared/local-date.js';
import { startCentralProcess, type CentralProcess } from '../../helpers/central-process.js';
import { runEstation } from '../../helpers/run-estation.js';

const TOKEN = 'cli-payments-token-0123456789';
const tmp = mkdtempSync(join(tmpdir(), 'estation-cli-pay-'));
const dataDir = join(tmp, 'central');
const tokenFile = join(tmp, 'card-token');
const students = demoPeople().filter((p) => p.role === 'student' && p.record?.status === 'enrolled');
let service: CampusCardServer;
let central: CentralProcess;
let terminalToken = '';
let provider: string[] = [];
const today = () => localDate(new Date(), 'Asia/Shanghai');

beforeAll(async () => {
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  service = await startCampusCardServer({ dataDir: join(tmp, 'card'), token: TOKEN });
  provider = ['--payments', 'campus-card', '--campus-card-url', service.url, '--campus-card-token-file', tokenFile];
  const enrolled = await runEstation(['central', 'enroll', 'k', '--data', dataDir]);
  expect(enrolled.code).toBe(0);
  terminalToken = enrolled.out.trim().split('\n').at(-1)!;
  central = await startCentralProcess(dataDir, ['--demo', ...provider]);
}, 60_000);
afterAll(async () => {
  await central?.stop();
  await service?.close();
});

async function post(path: string, body: unknown) {
  const res = await fetch(`${central.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${terminalToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Waits (on a condition, not a time) until the card service has `kinds` for the job. */
async function cardHas(jobId: string, kinds: string[]) {
  const utc = new Date().toISOString().slice(0, 10);
  for (;;) {
    const got = service.ledger
      .statement(utc)
      .filter((m) => m.job === jobId)
      .map((m) => m.kind);
    if (got.length >= kinds.length) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('estation central with --payments campus-card, and estation central payments', () => {
  let serial = '';

  it('names the provider when it starts, and refuses campus-card without its address', async () => {
    expect(central.output()).toContain(`Payments: campus-card (${service.url})`);
    const r = await runEstation(['central', '--data', join(tmp, 'other'), '--payments', 'campus-card']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--payments campus-card needs --campus-card-url');
    const bad = await runEstation(['central', '--data', join(tmp, 'other'), '--payments', 'wechat']);
    expect(bad.err).toContain('--payments wechat: give one of free, campus-card');
    const soon = await runEstation([
      'central',
      '--data',
      join(tmp, 'other'),
      ...provider,
      '--release-after-hours',
      '0',
    ]);
    expect(soon.err).toContain('--release-after-hours needs a whole number from 1 to 2160, got "0"');
    const noToken = await runEstation([
      'central',
      'payments',
      'reconcile',
      '--date',
      '2026-12-03',
      '--data',
      dataDir,
      ...provider.slice(0, -1),
      join(tmp, 'no-such-token'),
    ]);
    expect(noToken.err).toContain(`--campus-card-token-file ${join(tmp, 'no-such-token')}: cannot read it (ENOENT)`);
  });

  it('charges a printed paid job once and refuses a card without money', async () => {
    const [rich, poor] = students;
    service.ledger.topUp(rich!.id, 10_000, 'cli-rich');
    expect((await post('/v1/cards/lookup', { card: rich!.card })).status).toBe(200);
    const req = { jobId: 'cli-paid-1', personId: rich!.id, kind: 'transcript', language: 'zh', copies: 10 };
    const a = await post('/v1/jobs/authorize', req);
    expect(a.status).toBe(200);
    serial = a.body.serial as string;
    const report = await post('/v1/jobs/report', {
      reports: [
        { jobId: 'cli-paid-1', serial, outcome: 'printed', pages: 1, copies: 10, finishedAt: new Date().toISOString() },
      ],
    });
    expect(report.body).toEqual({ results: [{ jobId: 'cli-paid-1', result: 'confirmed' }] });
    expect(await cardHas('cli-paid-1', ['hold', 'capture'])).toEqual(['hold', 'capture']);
    expect(service.ledger.account(rich!.id).balanceCents).toBe(10_000 - (a.body.chargedCents as number));

    service.ledger.topUp(poor!.id, 1, 'cli-poor');
    await post('/v1/cards/lookup', { card: poor!.card });
    const refused = await post('/v1/jobs/authorize', { ...req, jobId: 'cli-poor-1', personId: poor!.id });
    expect(refused).toMatchObject({ status: 402, body: { error: 'insufficient_balance' } });
  });

  it('reconciles the day: all matching', async () => {
    const r = await runEstation([
      'central',
      'payments',
      'reconcile',
      '--date',
      today(),
      '--data',
      dataDir,
      ...provider,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 2 movement\(s\) in central's ledger, all matching campus-card's statement/);
  });

  it('refunds by serial, once, recorded with who ran it and why', async () => {
    const r = await runEstation([
      'central',
      'payments',
      'refund',
      serial,
      '--reason',
      'toner streaks',
      '--data',
      dataDir,
      ...provider,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Refunded ¥\\d+\\.\\d\\d of ${serial} onto ${students[0]!.id}'s campus card`));
    expect(await cardHas('cli-paid-1', ['hold', 'capture', 'refund'])).toEqual(['hold', 'capture', 'refund']);
    expect(service.ledger.account(students[0]!.id).balanceCents).toBe(10_000);
    // Asked again (the operator was not sure it went through): nothing more is paid back.
    expect(
      (
        await runEstation([
          'central',
          'payments',
          'refund',
          serial,
          '--reason',
          'again',
          '--data',
          dataDir,
          ...provider,
        ])
      ).code,
    ).toBe(0);
    expect(await cardHas('cli-paid-1', ['hold', 'capture', 'refund'])).toHaveLength(3);
    const db = new Database(join(dataDir, 'central.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        "SELECT outcome, by, reason FROM payment_ledger WHERE job_id = 'cli-paid-1' AND movement = 'refund' ORDER BY id",
      )
      .all();
    db.close();
    expect(rows).toEqual([
      { outcome: 'requested', by: `os:${userInfo().username}`, reason: 'toner streaks' },
      { outcome: 'done', by: `os:${userInfo().username}`, reason: 'toner streaks' },
    ]);
    const unknown = await runEstation([
      'central',
      'payments',
      'refund',
      'XX-2026-999999',
      '--reason',
      'x',
      '--data',
      dataDir,
      ...provider,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('central has no document with serial XX-2026-999999');
    // Central's audit has each refund asked for, with its outcome (issue #18).
    const auditDb = new Database(join(dataDir, 'central.sqlite'), { readonly: true });
    const audited = auditDb
      .prepare("SELECT actor, target, outcome, reason FROM audit_events WHERE action = 'payment.refunded' ORDER BY id")
      .all();
    auditDb.close();
    const actor = `os:${userInfo().username}`;
    expect(audited).toEqual([
      { actor, target: serial, outcome: 'done', reason: 'toner streaks' },
      { actor, target: serial, outcome: 'done', reason: 'again' },
      { actor, target: 'XX-2026-999999', outcome: 'refused', reason: 'x' },
    ]);
    const noReason = await runEstation(['central', 'payments', 'refund', serial, '--data', dataDir, ...provider]);
    expect(noReason.err).toContain('refund needs --reason TEXT');
  });

  it('reports the month as CSV per terminal and kind', async () => {
    const r = await runEstation(['central', 'payments', 'report', '--month', today().slice(0, 7), '--data', dataDir]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('terminal,kind,charges,charged_cents,refunds,refunded_cents,net_cents');
    expect(lines[1]).toMatch(/^k,transcript,1,(\d+),1,\1,0$/);
    expect(lines).toHaveLength(2);
  });

  it('lists a movement the card service has and central never made, and exits 1', async () => {
    service.ledger.topUp(students[2]!.id, 1000, 'cli-stray');
    service.ledger.hold('stray-job', students[2]!.id, 300);
    const r = await runEstation([
      'central',
      'payments',
      'reconcile',
      '--date',
      today(),
      '--data',
      dataDir,
      ...provider,
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 mismatch(es)');
    expect(r.out).toMatch(/not_in_ledger {2}job stray-job hold: the provider has a hold of job stray-job \(CC\d+\)/);
    const bad = await runEstation([
      'central',
      'payments',
      'reconcile',
      '--date',
      '2026-02-30',
      '--data',
      dataDir,
      ...provider,
    ]);
    expect(bad.err).toContain('--date needs a date YYYY-MM-DD (2026-12-03), not "2026-02-30"');
  });
});
