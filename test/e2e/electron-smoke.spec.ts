/**
 * The real Electron app (issue #12, finding 12), when an Electron binary is on this machine
 * (ESTATION_ELECTRON, or the one `npm ci` downloaded): the page comes from app://kiosk/, has no Node,
 * talks to the core through the preload, opens no window and reads no file outside its folder.
 * Without a binary the test is reported as skipped (Playwright counts it apart from passes) and says why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import { parseConfig } from '../../kiosk-config/load.js';
import { electronBinary } from '../../main/cli/kiosk-host.js';
import { startEmbeddedCentral } from '../../main/cli/hosted-kiosk.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const electron = electronBinary();
const NO_ELECTRON =
  'SKIPPED (not passed): no Electron binary on this machine. Set ESTATION_ELECTRON to one, or install Electron without ELECTRON_SKIP_BINARY_DOWNLOAD.';
if (!electron) console.warn(NO_ELECTRON);

test('the Electron kiosk shows its page from app:// with every lock on', async () => {
  test.skip(!electron, NO_ELECTRON);
  const out = join(ROOT, '.tmp', `electron-smoke-${process.pid}`);
  const base = mkdtempSync(join(tmpdir(), 'estation-electron-smoke-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, ESTATION_BUILD_OUT: out },
    stdio: 'pipe',
  });
  const embedded = await startEmbeddedCentral(
    parseConfig({ dataDir: join(base, 'data'), printer: { type: 'file', dir: join(base, 'prints') } }),
  );
  const configFile = join(base, 'kiosk.json');
  writeFileSync(configFile, JSON.stringify(embedded.config), { mode: 0o600 });
  const app = await _electron.launch({
    executablePath: electron!,
    args: ['--no-sandbox', join(out, 'main', 'index.js')],
    env: { ...process.env, ESTATION_CONFIG: configFile, ESTATION_WINDOWED: '1' } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://kiosk/index.html');
    // No Node in the page; the preload's bridge is there and answers.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const status = await page.evaluate(() =>
      (window as unknown as { estation: { getStatus(p: object): Promise<{ terminalId: string }> } }).estation.getStatus(
        {},
      ),
    );
    expect(status).toMatchObject({ terminalId: embedded.config.terminal.id });
    // No new window, and no file outside the renderer folder through the app:// scheme.
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    expect(
      await page.evaluate(async () => (await fetch('app://kiosk/assets/..%2f..%2f..%2f..%2fetc%2fpasswd')).status),
    ).toBe(404);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    await embedded.central?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  }
});
