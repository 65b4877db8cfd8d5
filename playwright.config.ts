import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'Chromium not found. Install it with `apt-get install chromium` (.ci/run does) or set CHROMIUM_PATH.',
    );
  }
}

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  // Two spec files at a time, as on the 2-core machines the suite is made for (10 to 8 minutes here);
  // every spec starts its own servers on free ports.
  workers: 2,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1920, height: 1080 },
  },
});
