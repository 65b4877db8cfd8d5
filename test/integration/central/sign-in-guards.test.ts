/**
 * What central remembers to slow down and check sign-ins, on a clock the test moves, over a real SQLite
 * store (the same rules run on PostgreSQL in store-contract.test.ts): failed sign-ins per address (5 in
 * 5 minutes), a mark of a CAS sign-in started at the dashboard (good once and for 10 minutes), and a
 * presented CAS ticket (refused again for an hour).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInStarts, START_TTL_S } from '../../../central/staff/cas-starts.js';
import { UsedTickets } from '../../../central/staff/cas-tickets.js';
import { LoginLimiter } from '../../../central/staff/sessions.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';

let dir = '';
let store: SqliteCentralStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-guards-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const clock = () => {
  let t = Date.parse('2026-12-03T08:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('LoginLimiter', () => {
  it('locks an address out at its 5th failure within 5 minutes, until the oldest is 5 minutes old', async () => {
    const c = clock();
    const limiter = new LoginLimiter(store, c.now);
    const left = [];
    for (let i = 0; i < 4; i++) left.push(await limiter.fail('10.0.0.1'));
    expect(left).toEqual([4, 3, 2, 1]);
    expect(await limiter.waitS('10.0.0.1')).toBe(0);
    c.advance(60_000);
    expect(await limiter.fail('10.0.0.1')).toBe(0);
    expect(await limiter.waitS('10.0.0.1')).toBe(240);
    expect(await limiter.waitS('10.0.0.2')).toBe(0);
    c.advance(239_000);
    expect(await limiter.waitS('10.0.0.1')).toBe(1);
    c.advance(1000);
    expect(await limiter.waitS('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window, and all of them after a success', async () => {
    const c = clock();
    const limiter = new LoginLimiter(store, c.now);
    for (let i = 0; i < 4; i++) await limiter.fail('a');
    c.advance(301_000);
    expect(await limiter.fail('a')).toBe(4);
    for (let i = 0; i < 3; i++) await limiter.fail('a');
    await limiter.succeed('a');
    expect(await limiter.fail('a')).toBe(4);
  });
});

describe('SignInStarts', () => {
  it('takes a mark once, within 10 minutes, and no made-up or missing one', async () => {
    const c = clock();
    const starts = new SignInStarts(store, c.now);
    const a = await starts.start();
    const b = await starts.start();
    expect(a).not.toBe(b);
    expect(await starts.take(a)).toBe(true);
    expect(await starts.take(a)).toBe(false);
    c.advance(START_TTL_S * 1000);
    expect(await starts.take(b)).toBe(false);
    expect(await starts.take('made-up')).toBe(false);
    expect(await starts.take(null)).toBe(false);
    const fresh = await starts.start();
    c.advance(START_TTL_S * 1000 - 1);
    expect(await starts.take(fresh)).toBe(true);
  });

  it('keeps at most 20,000 marks open when the button is pressed in a loop: the oldest go first', async () => {
    const c = clock();
    const starts = new SignInStarts(store, c.now);
    const first = await starts.start();
    c.advance(1);
    const second = await starts.start();
    // Made-up digests fill the table up to the bound without 20,000 round trips through start().
    const at = c.now().getTime();
    await store.sql.transaction(async (tx) => {
      for (let i = 0; i < 19_998; i++)
        await tx.run('INSERT INTO cas_sign_in_starts (mark_sha256, expires_ms) VALUES (?, ?)', [
          `filler-${i}`,
          at + START_TTL_S * 1000 + 1 + i,
        ]);
    });
    await starts.start();
    expect(await store.sql.get('SELECT COUNT(*) AS n FROM cas_sign_in_starts')).toEqual({ n: 20_000 });
    expect(await starts.take(first)).toBe(false);
    expect(await starts.take(second)).toBe(true);
  });
});

describe('UsedTickets', () => {
  it('refuses a ticket seen within the hour, and forgets it after', async () => {
    const c = clock();
    const used = new UsedTickets(store, c.now);
    expect(await used.firstUse('ST-1-a')).toBe(true);
    expect(await used.firstUse('ST-2-a')).toBe(true);
    c.advance(59 * 60_000);
    expect(await used.firstUse('ST-1-a')).toBe(false);
    c.advance(2 * 60_000);
    expect(await used.firstUse('ST-1-a')).toBe(true);
  });

  it('keeps only digests of tickets, never a ticket', async () => {
    await new UsedTickets(store).firstUse('ST-99-secret');
    const rows = await store.sql.all<{ ticket_sha256: string }>('SELECT ticket_sha256 FROM cas_tickets_used');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.ticket_sha256.includes('ST-99'))).toBe(false);
  });
});
