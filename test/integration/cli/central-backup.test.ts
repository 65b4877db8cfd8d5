/**
 * `estation central backup` and `restore` as an operator runs them, against a central process that
 * serves while another process writes: the copy is consistent (whole transactions only), checked and
 * 0600; a restore refuses while central runs, keeps the database it replaces, and central starts on
 * the restored folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { BIN, ROOT, startCentralProcess, type CentralProcess } from '../../helpers/central-process.js';

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'estation-backup-'));
const dataDir = join(base, 'central');
const db = join(dataDir, 'central.sqlite');
const BATCH = 100;
let central: CentralProcess;
let writer: ChildProcess;

/** Runs `estation central ARGS`; resolves with the exit code and what it printed. */
async function estation(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'central', ...args], { cwd: ROOT });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

const count = (file: string, table = 'report_log') => {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

beforeAll(async () => {
  const store = await SqliteCentralStore.open(db);
  await store.enrollTerminal('kiosk-1', 'Kiosk 1');
  await store.close();
  central = await startCentralProcess(dataDir);
  // Another process writes all the time, BATCH rows per transaction: a consistent copy holds whole batches.
  const script = join(base, 'writer.cjs');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
     const db = new Database(${JSON.stringify(db)});
     db.pragma('busy_timeout = 10000');
     const insert = db.prepare("INSERT INTO report_log (job_id, terminal_id, received_at, outcome, result) VALUES (?, 'kiosk-1', '2026-01-01T00:00:00Z', 'printed', 'rejected')");
     const batch = db.transaction((n) => { for (let i = 0; i < ${BATCH}; i++) insert.run('w-' + n + '-' + i); });
     let n = 0;
     const tick = () => { batch(n++); process.stdout.write('batch ' + n + '\\n'); setImmediate(tick); };
     tick();`,
  );
  writer = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, rej) => {
    writer.stdout!.once('data', () => res());
    writer.once('exit', (code) => rej(new Error(`the writer process ended (${code})`)));
  });
}, 120_000);
afterAll(async () => {
  writer?.kill('SIGKILL');
  await central?.stop();
});

describe('estation central backup and restore', () => {
  const out = join(base, 'backup-1.sqlite');

  it('backs up while central serves and another process writes: whole transactions, integrity ok, 0600', async () => {
    const r = await estation('backup', '--data', dataDir, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`backed up to ${out}`);
    expect(r.out).toContain('Integrity check ok');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM terminals').get()).toEqual({ n: 1 });
    copy.close();
    const rows = count(out);
    expect(rows).toBeGreaterThan(0);
    expect(rows % BATCH).toBe(0);
    // One file, nothing beside it (no write-ahead log, no leftover partial copy).
    expect(readdirSync(base).filter((f) => f.startsWith('backup-1'))).toEqual(['backup-1.sqlite']);
  });

  it('never overwrites an existing file', async () => {
    const before = statSync(out).mtimeMs;
    const r = await estation('backup', '--data', dataDir, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('exists already; a backup never overwrites a file');
    expect(statSync(out).mtimeMs).toBe(before);
  });

  it('refuses to restore while a central runs on the folder, and changes nothing', async () => {
    const r = await estation('restore', out, '--data', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`A central server is running on ${dataDir} (process ${central.child.pid}`);
    expect(r.err).toContain('stop it first');
    expect(readdirSync(dataDir).filter((f) => f.includes('replaced'))).toEqual([]);
  });

  it('restores once central is gone (even killed, its mark left behind), keeping the replaced database aside', async () => {
    writer.kill('SIGKILL');
    await new Promise((res) => writer.once('exit', res));
    await central.stop('SIGKILL');
    const live = count(db);
    const backedUp = count(out);
    expect(live).toBeGreaterThan(backedUp);
    const r = await estation('restore', out, '--data', dataDir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const aside = readdirSync(dataDir).filter((f) => /^central\.sqlite\.replaced-[\dT-]+Z$/.test(f));
    expect(aside).toHaveLength(1);
    expect(r.out).toContain(`kept as ${join(dataDir, aside[0]!)}`);
    // Nothing lost: the replaced database holds every row written after the backup.
    expect(count(join(dataDir, aside[0]!))).toBe(live);
    expect(count(db)).toBe(backedUp);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    // Central serves the restored database.
    central = await startCentralProcess(dataDir);
    const res = await fetch(`${central.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
  });

  it('refuses a file that is not a central backup', async () => {
    await central.stop();
    const junk = join(base, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all, just text that is long enough to be read');
    const r = await estation('restore', junk, '--data', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot .*central database|Cannot open|damaged|not one of an E-station central/);
    expect(existsSync(db)).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.includes('replaced'))).toHaveLength(1);
  });
});
