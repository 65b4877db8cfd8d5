import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../../main/cli/kiosk-host.js';

/** A fake project whose node_modules/electron has (or lacks) its downloaded binary. */
function project(withBinary: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'estation-electron-bin-'));
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.0.0' }));
  // Requiring electron's index.js would start a download: the check must never load it.
  writeFileSync(join(pkg, 'index.js'), "throw new Error('electron index.js must not be loaded');");
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (withBinary) writeFileSync(join(pkg, 'dist', 'electron'), '');
  return pathToFileURL(join(root, 'main.js')).toString();
}

describe('electronBinary', () => {
  it('finds a downloaded binary without loading the electron package', () => {
    expect(electronBinary(project(true))).toMatch(/node_modules[/\\]electron[/\\]dist[/\\]electron$/);
  });

  it('answers null when the binary was never downloaded, so the demo falls back to web mode', () => {
    expect(electronBinary(project(false))).toBeNull();
  });
});
