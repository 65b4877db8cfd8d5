/**
 * Attack: guessing staff PINs at the dashboard through two central instances behind one address, each
 * guess to the other instance, and a new card for every guess, so that no card's own lockout is reached
 * and each instance's count would stay below the limit. The failures per client address are in the
 * database (issue #16): the fifth failure across both instances locks the address out at both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { startPostgres, type Postgres } from '../../helpers/postgres.js';

const STAFF = { card: '9000000001', pin: '246810' };
let pg: Postgres;
const dirs: string[] = [];
const instances: RunningCentral[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  const database = await pg.createDatabase('guesses');
  for (let i = 0; i < 2; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'estation-guesses-'));
    dirs.push(dataDir);
    // One after the other: the first migrates and seeds, the second finds it done.
    instances.push(await startCentralServer({ dataDir, database, port: 0, seedDemo: true }));
  }
}, 120_000);
afterAll(async () => {
  for (const c of instances) await c.close();
  await pg?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const login = async (c: RunningCentral, fields: Record<string, string>) => {
  const res = await fetch(`${c.url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
};

describe('sign-in guesses spread over two central instances', () => {
  it('locks the address out at both instances after five failures in all, whatever cards they name', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await login(instances[i % 2]!, { card: `90000099${String(i).padStart(2, '0')}`, pin: '111111' })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    for (const c of instances) {
      const right = await login(c, STAFF);
      expect(right.status).toBe(429);
      expect(right.text).toContain('Try again in 5 minutes');
    }
  });
});
