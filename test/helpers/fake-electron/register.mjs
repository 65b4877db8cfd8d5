// `node --import ./test/helpers/fake-electron/register.mjs out/main/index.js` runs the built Electron
// main process under plain Node, with `electron` resolved to the fake next to this file.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
