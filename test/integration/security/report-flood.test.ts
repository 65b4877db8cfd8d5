/**
 * Attack: a terminal sends 10,000 reports of jobs central never authorized (unknown job ids), each
 * of which used to add a report_log row forever (issue #12, finding 11). Each terminal gets
 * UNKNOWN_REPORT_ROWS_PER_DAY such rows a day; the rest are answered the same and counted, not stored.
 */
import type { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { droppedReports, UNKNOWN_REPORT_ROWS_PER_DAY } from '../../../central/store/report-log.js';

let central: RunningCentral<SqliteCentralStore>;

beforeAll(async () => {
  central = await startCentralServer({
    dataDir: mkdtempSync(join(tmpdir(), 'estation-report-flood-')),
    terminals: [
      { id: 'kiosk-1', name: 'Kiosk 1' },
      { id: 'kiosk-2', name: 'Kiosk 2' },
    ],
  });
});
afterAll(() => central?.close());

async function report(terminal: string, from: number, n: number): Promise<{ result: string; reason?: string }[]> {
  const reports = Array.from({ length: n }, (_, i) => ({
    jobId: `forged-${from + i}`,
    serial: `S-${from + i}`,
    outcome: 'printed',
    pages: 1,
    copies: 1,
    finishedAt: new Date().toISOString(),
  }));
  const res = await fetch(`${central.url}/v1/jobs/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens[terminal]}` },
    body: JSON.stringify({ reports }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { result: string; reason?: string }[] }).results;
}

const rows = (terminal: string) =>
  (
    central.store.db.prepare('SELECT COUNT(*) AS n FROM report_log WHERE terminal_id = ?').get(terminal) as {
      n: number;
    }
  ).n;

describe('10,000 reports of unknown jobs', () => {
  it('are all refused, but only a capped number is logged; the rest are counted as dropped', async () => {
    for (let i = 0; i < 10_000; i += 100) {
      const results = await report('kiosk-1', i, 100);
      expect(results.every((r) => r.result === 'rejected' && r.reason === 'unknown_job')).toBe(true);
    }
    expect(rows('kiosk-1')).toBe(UNKNOWN_REPORT_ROWS_PER_DAY);
    const dropped = await droppedReports(central.store.sql);
    expect(dropped).toEqual([
      {
        terminalId: 'kiosk-1',
        day: new Date().toISOString().slice(0, 10),
        stored: UNKNOWN_REPORT_ROWS_PER_DAY,
        dropped: 10_000 - UNKNOWN_REPORT_ROWS_PER_DAY,
      },
    ]);
  });

  it("one terminal's flood does not use up another's log", async () => {
    await report('kiosk-2', 0, 3);
    expect(rows('kiosk-2')).toBe(3);
  });
});
