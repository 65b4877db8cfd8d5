/**
 * Electron checklist (issue #12, finding 12): a packaged kiosk ran any script with
 * `ELECTRON_RUN_AS_NODE=1`, took code from NODE_OPTIONS, opened a debugger with --inspect, and loaded a
 * patched or unpacked app. The afterPack hook flips the fuses that close each, in the packaged binary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as electronFuses from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error: plain .mjs scripts without types (electron-builder loads them as they are).
import afterPack from '../../../scripts/packaging/after-pack.mjs';
// @ts-expect-error: as above.
import { FUSES, fuseConfig } from '../../../scripts/packaging/fuses.mjs';

const { FuseV1Options, FuseVersion } = electronFuses;
const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('Electron fuses at packaging', () => {
  it('run-as-node, NODE_OPTIONS and --inspect are off; cookie encryption, ASAR integrity and ASAR-only are on', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('the hook hands electron-builder every fuse by its wire number', async () => {
    const addElectronFuses = vi.fn(async () => {});
    const context = { packager: { addElectronFuses }, appOutDir: '/tmp/x', electronPlatformName: 'linux' };
    await afterPack(context);
    expect(addElectronFuses).toHaveBeenCalledWith(context, {
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('a fuse @electron/fuses does not know stops the build instead of being skipped', () => {
    expect(() => fuseConfig({ FuseVersion, FuseV1Options: { RunAsNode: 0 } })).toThrow(/no fuse named/);
  });

  it('electron-builder runs the hook', () => {
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(
      /^afterPack: scripts\/packaging\/after-pack\.mjs$/m,
    );
  });
});
