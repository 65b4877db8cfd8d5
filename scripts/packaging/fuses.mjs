// Electron fuses flipped in the packaged binary (electron-builder's afterPack hook, after-pack.mjs):
// switches compiled into Electron that no environment variable or flag can turn back on. Plain
// JavaScript: electron-builder loads it without a TypeScript step. Named by @electron/fuses' FuseV1Options.
/** @type {Readonly<Record<string, boolean>>} */
export const FUSES = Object.freeze({
  // `ELECTRON_RUN_AS_NODE=1 e-station script.js` would run any script with the app's rights.
  RunAsNode: false,
  // NODE_OPTIONS=--require ... would inject code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would open a debugger on the main process (the terminal token, students' data).
  EnableNodeCliInspectArguments: false,
  // Cookies and storage encrypted with the OS keystore, not readable from a copied profile.
  EnableCookieEncryption: true,
  // app.asar is checked against the hash embedded at packaging: a patched app does not start.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: an `app/` folder dropped beside it is ignored.
  OnlyLoadAppFromAsar: true,
  // The page comes from app:// (main/electron/app-protocol.ts): file:// pages need no extra rights.
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * The configuration for @electron/fuses' flipFuses, from its own module (passed in, so a test uses the
 * installed @electron/fuses as the hook does). An unknown name throws: a renamed fuse must not be
 * skipped silently.
 */
export function fuseConfig({ FuseVersion, FuseV1Options }) {
  const config = { version: FuseVersion.V1 };
  for (const [name, on] of Object.entries(FUSES)) {
    const wire = FuseV1Options[name];
    if (wire === undefined)
      throw new Error(`@electron/fuses has no fuse named ${name}: update scripts/packaging/fuses.mjs`);
    config[wire] = on;
  }
  return config;
}
