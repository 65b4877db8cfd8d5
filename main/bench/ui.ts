/**
 * `estation bench ui --json`: the kiosk UI in headless Chromium against web mode, with the built-in
 * central server and demo data, everything on this machine.
 *
 * - ui.tap_to_documents_p95_ms     simulated card tap (the on-screen demo button) -> document list visible (target <= 300)
 * - ui.print_to_progress_p95_ms    "Confirm and print" tap -> progress (or done) screen visible (target <= 200)
 * - ui.heap_growth_mb_500_sessions renderer JS heap after 500 full sessions (tap, preview PDF, sign out) minus
 *                                  the heap after 10 warm-up sessions, both after a forced GC (target <= 10)
 *
 * Times are measured inside the page (performance.now(), checked every animation frame), so they
 * include the WebSocket round trip, the core, central and Vue's rendering. Set ESTATION_BENCH_SESSIONS
 * to run fewer sessions for a quick look.
 */
import { envInt } from '../../lib/env.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { parseConfig } from '../../kiosk-config/load.js';
import { createHostedKiosk } from '../cli/hosted-kiosk.js';
import { silentLogger } from '../core/log.js';
import { ensureRendererBuilt } from '../web/renderer-build.js';
import { startWebHost } from '../web/server.js';

const TAPS = 100;
const PRINTS = 30;
const WARMUP_SESSIONS = 10;

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! * 10) / 10;
}

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
}

/**
 * Clicks a selector and resolves with the ms until `until` matches an element, measured in the page.
 * The page script is a string: the TypeScript loader would otherwise inject helpers the page lacks.
 */
function timeUntil(page: Page, click: string, until: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const button = document.querySelector(${JSON.stringify(click)});
    if (!button) return reject(new Error('nothing to click at ' + ${JSON.stringify(click)}));
    const t0 = performance.now();
    button.click();
    const check = () => (document.querySelector(${JSON.stringify(until)}) ? resolve(performance.now() - t0) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  })`) as Promise<number>;
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('screen-idle').waitFor();
}

export async function run(): Promise<Record<string, number>> {
  const sessions = envInt(process.env.ESTATION_BENCH_SESSIONS, 1, 100_000) ?? 500;
  const base = mkdtempSync(join(tmpdir(), 'estation-bench-ui-'));
  const config = parseConfig({
    dataDir: join(base, 'data'),
    printer: { type: 'file', dir: join(base, 'prints') },
    central: { url: 'embedded', heartbeatS: 5 },
  });
  const rendererDir = await ensureRendererBuilt();
  const kiosk = await createHostedKiosk(config, { log: silentLogger(), printerPollMs: 50 });
  await kiosk.core.start();
  const web = await startWebHost({ core: kiosk.core, rendererDir });
  let phase = 'start';
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(web.launchUrl());
    await page.getByTestId('screen-idle').waitFor();
    const students = kiosk.core.listDemoCards().cards.filter((c) => !c.card.startsWith('9000'));
    const card = (i: number) => `button.demo-card[data-card="${students[i % students.length]!.card}"]`;

    phase = 'taps';
    const taps: number[] = [];
    for (let i = 0; i < TAPS; i++) {
      taps.push(await timeUntil(page, card(i), '[data-testid="screen-documents"]'));
      await signOut(page);
    }

    // Each student has five free enrollment certificates: spread the prints over the students.
    const prints: number[] = [];
    for (let i = 0; i < PRINTS; i++) {
      phase = `print ${i}`;
      await page.locator(card(i)).click();
      await page.getByTestId('open-enrollment-zh').click();
      await page.locator('[data-testid="pdf-preview"][data-state="idle"]').waitFor();
      prints.push(
        await timeUntil(
          page,
          '[data-testid="confirm-print"]',
          '[data-testid="screen-printing"], [data-testid="screen-done"]',
        ),
      );
      await page.getByTestId('screen-done').waitFor({ timeout: 60_000 });
      await page.getByTestId('finish').click();
      await page.getByTestId('screen-idle').waitFor();
    }

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
    };
    const session = async (i: number) => {
      await page.locator(card(i)).click();
      await page.getByTestId(`open-enrollment-${i % 2 ? 'en' : 'zh'}`).click();
      await page.locator('[data-testid="pdf-preview"][data-state="idle"]').waitFor();
      await signOut(page);
    };
    phase = 'sessions';
    for (let i = 0; i < WARMUP_SESSIONS; i++) await session(i);
    const before = await heapMb();
    for (let i = 0; i < sessions; i++) await session(i);
    const after = await heapMb();

    return {
      'ui.tap_to_documents_p95_ms': p95(taps),
      'ui.print_to_progress_p95_ms': p95(prints),
      'ui.heap_growth_mb_500_sessions': Math.round((after - before) * 100) / 100,
    };
  } catch (err) {
    const screen = await browser
      .contexts()[0]
      ?.pages()[0]
      ?.evaluate(
        'document.querySelector(".app")?.dataset.screen + " " + (document.querySelector("[data-testid=pdf-preview]")?.dataset.state ?? "") + " " + (document.querySelector("[data-testid=preview-loading]")?.dataset.state ?? "")',
      )
      .catch(() => 'unknown');
    throw new Error(`ui benchmark failed during ${phase} (screen: ${String(screen)}): ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await browser.close();
    await web.close();
    await kiosk.close();
    rmSync(base, { recursive: true, force: true });
  }
}
