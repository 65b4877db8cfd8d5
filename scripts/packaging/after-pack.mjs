// electron-builder afterPack hook (electron-builder.yml): flips the fuses of fuses.mjs in the packaged
// Electron binary. electron-builder runs it before signing, as fuses require (a flip changes the binary).
import { fuseConfig } from './fuses.mjs';

export default async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  await context.packager.addElectronFuses(context, fuseConfig(fuses));
}
