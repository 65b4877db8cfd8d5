// `node --import ./test/helpers/fake-electron/register.mjs out/main/index.js` runs the built Electron
// main process under plain Node, with `electron` resolved to the fake next to this file. Like
// Electron, it sets process.resourcesPath before any application code runs (packaged layout only).
import { register } from 'node:module';

if (process.env.FAKE_ELECTRON_PACKAGED === '1') process.resourcesPath = process.env.FAKE_ELECTRON_RESOURCES;
register('./hooks.mjs', import.meta.url);
