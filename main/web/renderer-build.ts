/**
 * Makes sure the built renderer exists for web mode. From a clone it is built on first start (and
 * rebuilt when a source file is newer than the build); packaged installs ship it prebuilt.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';

export const RENDERER_OUT = join(REPO_ROOT, 'out', 'renderer');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function rendererIsStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const src = join(REPO_ROOT, 'renderer');
  if (!existsSync(src)) return false; // packaged: sources are not shipped
  return Math.max(newest(src), newest(join(REPO_ROOT, 'shared'))) > statSync(index).mtimeMs;
}

export async function ensureRendererBuilt(log: (msg: string) => void = () => {}): Promise<string> {
  if (rendererIsStale()) {
    log('Building the kiosk UI (first start takes a few seconds)...');
    const { build } = await import('vite');
    await build({ configFile: join(REPO_ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_OUT;
}
