/**
 * The private PostgreSQL harness itself (test/helpers/postgres.ts): a server that answers on its port and
 * its socket, gone after dispose(), and gone too when the test process dies without disposing it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from '../../helpers/postgres.js';
import { portOpen } from '../../helpers/private-daemon.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('private PostgreSQL for tests', () => {
  it('serves a database on its loopback port and its own socket, and leaves nothing after dispose', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase('harness');
      const overTcp = new pg.Client({ connectionString: url });
      const overSocket = new pg.Client({
        host: server.socketDir,
        port: server.port,
        user: 'estation',
        database: 'harness',
      });
      await overTcp.connect();
      await overSocket.connect();
      await overTcp.query('CREATE TABLE t (x INTEGER)');
      await overTcp.query('INSERT INTO t VALUES (7)');
      expect((await overSocket.query('SELECT x FROM t')).rows).toEqual([{ x: 7 }]);
      // PostgreSQL refuses root: the server runs as an unprivileged user even when the tests run as root.
      const pid = readFileSync(join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]!;
      expect(statSync(`/proc/${pid}`).uid).not.toBe(0);
      await overTcp.end();
      await overSocket.end();
    } finally {
      await server.dispose();
    }
    expect(existsSync(server.dir)).toBe(false);
    expect(await portOpen(server.port)).toBe(false);
  });

  it('says plainly what is missing when PostgreSQL is not where it is looked for', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'estation-no-pg-'));
    const before = process.env.ESTATION_PG_BIN;
    process.env.ESTATION_PG_BIN = empty;
    try {
      expect(postgresUnavailableReason()).toBe(
        `ESTATION_PG_BIN=${empty} holds no initdb: point it at PostgreSQL's bin folder`,
      );
      await expect(startPostgres()).rejects.toThrow(`Cannot start a private PostgreSQL: ESTATION_PG_BIN=${empty}`);
    } finally {
      if (before === undefined) delete process.env.ESTATION_PG_BIN;
      else process.env.ESTATION_PG_BIN = before;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('stops and removes the server when a test process crashes without disposing it', async () => {
    // A test process that starts a server, says where, and dies of an uncaught error.
    const script = `
      const { startPostgres } = await import('./test/helpers/postgres.ts');
      const server = await startPostgres();
      console.log(JSON.stringify({ dir: server.dir, port: server.port }));
      throw new Error('a test crashed');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stderr).toContain('a test crashed');
    const { dir, port } = JSON.parse(child.stdout.trim()) as { dir: string; port: number };
    expect(existsSync(dir)).toBe(false);
    expect(await portOpen(port)).toBe(false);
  });
});
