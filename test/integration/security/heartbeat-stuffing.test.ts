/**
 * Attack: a terminal (or whoever holds its token) stuffs 120 KB of text into its heartbeat (printer
 * conditions, reasons out of service), and the staff dashboard shows it in its alerts. Central refuses
 * such a heartbeat, keeps the health it had, and the station clips what its devices say so that its
 * own heartbeats always fit (shared/health-limits.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type RunningCentral } from '../../../central/server.js';
import { TerminalHealth } from '../../../shared/central-api.js';
import { clipLocalized, fitHealth, HEALTH_JSON_MAX, HEALTH_TEXT_MAX } from '../../../shared/health-limits.js';

let central: RunningCentral;
let admin = '';

beforeAll(async () => {
  central = await startCentralServer({
    dataDir: mkdtempSync(join(tmpdir(), 'estation-stuffing-')),
    terminals: [{ id: 'kiosk-1', name: 'Kiosk 1' }],
  });
  admin = await central.store.enrollAdmin('ops', 'Ops');
});
afterAll(() => central?.close());

const health = (conditions: { zh: string; en: string }[], reasons: { zh: string; en: string }[] = []) => ({
  printer: {
    state: 'stopped',
    acceptingJobs: false,
    conditions: conditions.map((message, i) => ({ keyword: `media-jam-${i}`, severity: 'error', message })),
    supplies: [],
  },
  readers: [],
  reasons,
  templates: [],
});

async function heartbeat(h: unknown): Promise<Response> {
  return fetch(`${central.url}/v1/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central.tokens['kiosk-1']}` },
    body: JSON.stringify({ terminalTime: new Date().toISOString(), outOfService: true, backlog: 0, health: h }),
  });
}

async function dashboardText(): Promise<string> {
  const res = await fetch(`${central.url}/v1/admin/terminals`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('a heartbeat stuffing 120 KB into the dashboard alerts', () => {
  it('is refused: one 120 KB printer message, and many fields each within its limit but too much in total', async () => {
    const ok = await heartbeat(health([{ zh: '卡纸', en: 'Paper jam' }]));
    expect(ok.status).toBe(200);
    const big = 'A'.repeat(120 * 1024);
    const one = await heartbeat(health([{ zh: '卡纸', en: big }]));
    expect(one.status).toBe(400);
    expect(await one.text()).toContain(`${HEALTH_TEXT_MAX}`);
    // 20 conditions and 10 reasons at the longest text each: within every field's limit, but not in total.
    const longest = { zh: '满'.repeat(HEALTH_TEXT_MAX), en: 'F'.repeat(HEALTH_TEXT_MAX) };
    const spread = await heartbeat(health(Array(20).fill(longest), Array(10).fill(longest)));
    expect(spread.status).toBe(400);
    expect(await spread.text()).toContain(`at most ${HEALTH_JSON_MAX} bytes of health`);
    const shown = await dashboardText();
    expect(shown).toContain('Paper jam');
    expect(shown).not.toContain('AAAAAAAAAA');
    expect(shown).not.toContain('FFFFFFFFFF');
    expect(shown.length).toBeLessThan(HEALTH_JSON_MAX);
  });

  it("the station's own clipping makes a long printer message fit", () => {
    const long = { zh: '打印机'.repeat(500), en: 'printer says '.repeat(500) };
    const clipped = clipLocalized(long);
    expect(clipped.zh).toHaveLength(HEALTH_TEXT_MAX);
    expect(clipped.en.endsWith('…')).toBe(true);
    expect(TerminalHealth.safeParse(health([clipped])).success).toBe(true);
    expect(TerminalHealth.safeParse(health([long])).success).toBe(false);
  });

  it("a station's own health beyond the total is trimmed to fit, oldest template fallbacks first, device states kept", async () => {
    const longest = { zh: '满'.repeat(HEALTH_TEXT_MAX), en: 'F'.repeat(HEALTH_TEXT_MAX) };
    const fallback = (i: number) => ({
      kind: 'enrollment',
      language: 'zh',
      failed: { id: `enrollment-zh`, version: `1.0.${i}` },
      using: { id: 'enrollment-zh', version: '1.0.0' },
      error: 'E'.repeat(300),
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    });
    const full = {
      ...health(Array(20).fill(longest), Array(10).fill(longest)),
      templateFallbacks: Array.from({ length: 50 }, (_, i) => fallback(i)),
    };
    expect(TerminalHealth.safeParse(full).success).toBe(false);
    const fitted = fitHealth(full);
    expect(TerminalHealth.safeParse(fitted).success).toBe(true);
    expect(fitted.printer.state).toBe('stopped');
    expect(fitted.reasons).toHaveLength(10);
    expect(fitted.templateFallbacks).toEqual([]);
    expect(fitted.printer.conditions.length).toBeGreaterThan(0);
    expect(fitted.printer.conditions.length).toBeLessThan(20);
    // What fitted is sent as is, and central takes it.
    expect((await heartbeat(fitted)).status).toBe(200);
    // A health that fits is left as it is.
    const small = health([{ zh: '卡纸', en: 'Paper jam' }]);
    expect(fitHealth(small)).toBe(small);
  });
});
